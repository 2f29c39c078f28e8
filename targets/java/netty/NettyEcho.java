// Netty 4.1 echo endpoint for wsharness: WebSocketServerProtocolHandler with its defaults (its
// Utf8FrameValidator is on by default: WebSocketServerProtocolConfig withUTF8Validator = true).
// Frames are echoed as they come, text as text, binary as binary, continuations as continuations,
// as Netty's own Autobahn test server does; the protocol handler answers pings and closes.
//   java -jar netty-echo.jar --version    prints netty-codec-http's version (io.netty.util.Version)
//   java -jar netty-echo.jar --port N     serves ws://127.0.0.1:N/ until killed
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.Version;

public final class NettyEcho {
  static final class Echo extends SimpleChannelInboundHandler<WebSocketFrame> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      ctx.writeAndFlush(frame.retain());  // text, binary or continuation (pings/closes never get here)
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("--version")) {
      Version v = Version.identify().get("netty-codec-http");
      System.out.println(v == null ? "unknown" : v.artifactVersion());
      return;
    }
    if (args.length != 2 || !args[0].equals("--port")) {
      System.err.println("usage: NettyEcho --version | --port N");
      System.exit(2);
    }
    EventLoopGroup boss = new NioEventLoopGroup(1);
    EventLoopGroup workers = new NioEventLoopGroup();
    try {
      ServerBootstrap bootstrap = new ServerBootstrap()
          .group(boss, workers)
          .channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                  new WebSocketServerProtocolHandler("/"), new Echo());
            }
          });
      bootstrap.bind("127.0.0.1", Integer.parseInt(args[1])).sync().channel().closeFuture().sync();
    } finally {
      boss.shutdownGracefully();
      workers.shutdownGracefully();
    }
  }
}
