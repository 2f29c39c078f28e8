// Jetty 12 echo endpoint for wsharness: Jetty's own WebSocket API (jetty-websocket-jetty-server,
// no servlets) with its defaults; text echoed as text, binary as binary.
//   java -jar jetty-echo.jar --version    prints Jetty's version (org.eclipse.jetty.util.Jetty.VERSION)
//   java -jar jetty-echo.jar --port N     serves ws://127.0.0.1:N/ until killed
import java.nio.ByteBuffer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Jetty;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketMessage;
import org.eclipse.jetty.websocket.api.annotations.WebSocket;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

public final class JettyEcho {
  @WebSocket
  public static final class Echo {
    @OnWebSocketMessage
    public void onText(Session session, String message) {
      session.sendText(message, Callback.NOOP);
    }

    @OnWebSocketMessage
    public void onBinary(Session session, ByteBuffer payload, Callback callback) {
      session.sendBinary(payload, callback);  // the payload is released once it is sent
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("--version")) {
      System.out.println(Jetty.VERSION);
      return;
    }
    if (args.length != 2 || !args[0].equals("--port")) {
      System.err.println("usage: JettyEcho --version | --port N");
      System.exit(2);
    }
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(Integer.parseInt(args[1]));
    server.addConnector(connector);
    ContextHandler context = new ContextHandler("/");
    server.setHandler(context);
    context.setHandler(WebSocketUpgradeHandler.from(server, context,
        container -> container.addMapping("/", (request, response, callback) -> new Echo())));
    server.start();
    server.join();
  }
}
