// Apache Tomcat 10.1 (Jakarta WebSocket 2.1) echo endpoint for wsharness, on embedded Tomcat.
// It stands in for Spring WebSocket 6.0, which runs on this same container and cannot be installed
// here. The endpoint is text-only, as most Spring/Jakarta handlers are: one @OnMessage taking a
// String and no binary handler; what the container does with a binary message is up to Tomcat
// (the registry holds it to 1003, what Spring's TextWebSocketHandler sends).
//   java -cp CLASSPATH TomcatEcho --version    prints Tomcat's ServerInfo number (10.1.x)
//   java -cp CLASSPATH TomcatEcho --port N     serves ws://127.0.0.1:N/ until killed
import jakarta.servlet.http.HttpServlet;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.tomcat.websocket.server.WsSci;

public final class TomcatEcho {
  @ServerEndpoint("/")
  public static final class Echo {
    @OnMessage
    public String echo(String message) {
      return message;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("--version")) {
      System.out.println(ServerInfo.getServerNumber().replaceFirst("\\.0$", ""));  // 10.1.60.0 -> 10.1.60
      return;
    }
    if (args.length != 2 || !args[0].equals("--port")) {
      System.err.println("usage: TomcatEcho --version | --port N");
      System.exit(2);
    }
    Logger.getLogger("").setLevel(Level.WARNING);  // Tomcat's start-up chatter is not a finding
    Path base = Files.createTempDirectory("wsharness-tomcat");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(base)));

    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    tomcat.setPort(Integer.parseInt(args[1]));
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    Context context = tomcat.addContext("", base.toString());
    // What a WAR's annotation scan would do: register the @ServerEndpoint with the container.
    context.addServletContainerInitializer(new WsSci(), Set.of(Echo.class));
    // The upgrade runs in WsFilter, and Tomcat runs filters only for a path a servlet maps:
    // without one every handshake is a 404 (a WAR has the container's DefaultServlet there).
    Tomcat.addServlet(context, "default", new HttpServlet() {});
    context.addServletMapping("/", "default");
    tomcat.start();
    tomcat.getServer().await();
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (Exception e) {
      // best effort: a temp directory left behind is harmless
    }
  }
}
