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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A web application that only has this module on its class path (as the results sink and the
 * executor have it, next to their actuator endpoints) answers what Tomcat refuses itself in
 * problem+json. Sent over a raw socket: Java's HTTP client refuses to build such requests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = ProblemErrorReportsTest.App.class)
class ProblemErrorReportsTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
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
