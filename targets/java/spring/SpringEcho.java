// Spring WebSocket 6.0 echo endpoint for wsharness, as a Spring Boot 3.1 application on its
// embedded Tomcat 10.1 (spring-boot-starter-websocket, every setting left at Boot's default).
// Two endpoints, as Spring users write them:
//   --handler text    a TextWebSocketHandler: text is echoed; binary is refused by Spring with
//                     CloseStatus.NOT_ACCEPTABLE (1003, "Binary messages not supported")
//   --handler binary  an AbstractWebSocketHandler echoing text as text and binary as binary
//   java -jar spring-echo.jar --version                     "6.0.x (Spring Boot 3.1.y, Tomcat 10.1.z)"
//   java -jar spring-echo.jar --port N [--handler text|binary]   serves ws://127.0.0.1:N/
import java.util.Map;
import org.apache.catalina.util.ServerInfo;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.SpringVersion;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.handler.TextWebSocketHandler;

// No @ComponentScan: this class is in the default package, and the two handlers are chosen here.
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableWebSocket
public class SpringEcho {
  static final class TextEcho extends TextWebSocketHandler {
    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
      session.sendMessage(message);
    }
  }

  static final class AnyEcho extends AbstractWebSocketHandler {
    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
      session.sendMessage(message);
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws Exception {
      session.sendMessage(message);
    }
  }

  static String handlerKind = "text";

  @Bean
  WebSocketConfigurer echoEndpoint() {
    WebSocketHandler handler = handlerKind.equals("binary") ? new AnyEcho() : new TextEcho();
    return registry -> registry.addHandler(handler, "/");
  }

  static String version() {
    String websocket = WebSocketHandler.class.getPackage().getImplementationVersion();
    if (websocket == null) websocket = SpringVersion.getVersion();
    return websocket + " (Spring Boot " + SpringBootVersion.getVersion() + ", Tomcat "
        + ServerInfo.getServerNumber().replaceFirst("\\.0$", "") + ")";
  }

  public static void main(String[] args) {
    if (args.length == 1 && args[0].equals("--version")) {
      System.out.println(version());
      return;
    }
    String port = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("--port")) port = args[i + 1];
      else if (args[i].equals("--handler") && args[i + 1].matches("text|binary")) handlerKind = args[i + 1];
      else port = null;
    }
    if (port == null || args.length % 2 != 0) {
      System.err.println("usage: SpringEcho --version | --port N [--handler text|binary]");
      System.exit(2);
    }
    SpringApplication app = new SpringApplication(SpringEcho.class);
    app.setDefaultProperties(Map.of(
        "server.address", "127.0.0.1",
        "server.port", port,
        "spring.main.lazy-initialization", "true",  // start-up time only; no WebSocket setting
        "spring.main.banner-mode", "off",
        "spring.main.log-startup-info", "false",
        "logging.level.root", "WARN",
        // its note that a default-package class gets no @Entity scan is not a finding
        "logging.level.org.springframework.boot.autoconfigure.AutoConfigurationPackages", "ERROR"));
    app.run();
  }
}
