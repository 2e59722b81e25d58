package dev.codeexec.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A web application that only has this module on its class path (as the results sink and the
 * executor have it, next to their actuator endpoints) answers what Tomcat refuses itself and what
 * reaches its error page in problem+json. Sent over a raw socket: Java's HTTP client refuses to
 * build such requests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = ProblemErrorReportsTest.App.class)
class ProblemErrorReportsTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Failing.class)
    static class App {
    }

    /** An endpoint whose exception no handler catches: it reaches the server's error page. */
    @RestController
    static class Failing {
        @GetMapping("/boom")
        String boom() {
            throw new IllegalStateException("secret-connection-string");
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort int port;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "GET /..%2f..%2fetc%2fpasswd HTTP/1.1 ;       ; path",
        "GET /a|b HTTP/1.1                    ;       ; path",
        "GET /%00 HTTP/1.1                    ;       ; path",
        "GET / HTTP/1.1                       ; 20000 ; request",
    })
    void whatTomcatRefusesIsAProblemNotAnHtmlPage(String requestLine, Integer headerBytes, String field) throws Exception {
        String filler = headerBytes == null ? "" : "X-Filler: " + "a".repeat(headerBytes) + "\r\n";
        String answer = raw(requestLine + "\r\nHost: localhost\r\n" + filler + "Connection: close\r\n\r\n");

        String head = answer.substring(0, answer.indexOf("\r\n\r\n"));
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        assertThat(head).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/problem+json");
        assertThat(body).doesNotContainIgnoringCase("<html").doesNotContain("Tomcat");
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("field").asString()).isEqualTo(field);
    }

    /**
     * What reaches the error page (a method Tomcat does not allow, an uncaught exception, the page
     * asked for by name) is problem+json with the status's title: never Boot's JSON, never the
     * exception's message.
     */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "TRACE / HTTP/1.0      ; 405 ; Method Not Allowed",
        "GET /boom HTTP/1.0    ; 500 ; Internal Server Error",
        "GET /error HTTP/1.0   ; 404 ; Not Found",
    })
    void whatReachesTheErrorPageIsAProblemWithItsTitleOnly(String requestLine, int status, String title) throws Exception {
        String answer = raw(requestLine + "\r\nHost: localhost\r\n\r\n");

        String head = answer.substring(0, answer.indexOf("\r\n\r\n"));
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        assertThat(head).startsWith("HTTP/1.1 " + status).containsIgnoringCase("content-type: application/problem+json");
        assertThat(body).doesNotContain("secret-connection-string").doesNotContain("timestamp").doesNotContain("Exception");
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isEqualTo(title);
        assertThat(problem.get("detail").asString()).isEqualTo(title);
    }

    private String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
