// Undertow echo endpoint for wsharness: Undertow's core WebSocket API (Handlers.websocket with an
// AbstractReceiveListener) and its defaults; text echoed as text, binary as binary.
//   java -jar undertow-echo.jar --version    prints Undertow's version (io.undertow.Version)
//   java -jar undertow-echo.jar --port N     serves ws://127.0.0.1:N/ until killed
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.Version;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import org.xnio.Pooled;

public final class UndertowEcho {
  static final class Echo extends AbstractReceiveListener {
    @Override
    protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
      WebSockets.sendText(message.getData(), channel, null);
    }

    @Override
    @SuppressWarnings("deprecation")  // BufferedBinaryMessage.getData() hands out XNIO's Pooled
    protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
      Pooled<ByteBuffer[]> data = message.getData();
      try {
        WebSockets.sendBinary(WebSockets.mergeBuffers(data.getResource()), channel, null);
      } finally {
        data.free();
      }
    }
  }

  public static void main(String[] args) {
    if (args.length == 1 && args[0].equals("--version")) {
      System.out.println(Version.getVersionString());
      return;
    }
    if (args.length != 2 || !args[0].equals("--port")) {
      System.err.println("usage: UndertowEcho --version | --port N");
      System.exit(2);
    }
    Undertow server = Undertow.builder()
        .addHttpListener(Integer.parseInt(args[1]), "127.0.0.1")
        .setHandler(Handlers.websocket((exchange, channel) -> {
          channel.getReceiveSetter().set(new Echo());
          channel.resumeReceives();
        }))
        .build();
    server.start();
  }
}
