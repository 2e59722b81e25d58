package dev.codeexec.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.api.support.BrokerIntegrationTestBase;
import dev.codeexec.api.support.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests the web server refuses before any of the API sees them: a hostile or broken path, headers
 * over the limit, an upload its form parser stops reading. They are sent over a raw socket, as a client that does not check its URLs would
 * send them (Java's HTTP client refuses to build most of them), and must get problem+json, not the
 * server's HTML error page.
 */
@IntegrationTest
class RefusedByTheServerTest extends BrokerIntegrationTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/submissions/..%2f..%2fetc%2fpasswd", "/api/v1/submissions/%zz",
        "/api/v1/submissions/%00", "/api/v1/submissions/a|b", "/api/v1/submissions/a{b}", "/api/v1/sub%5cmissions"})
    void aPathTheServerRefusesIsAnsweredInProblemJsonNamingThePath(String path) throws Exception {
        Raw answer = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: it-key\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("content-type")).isEqualTo("application/problem+json");
        assertThat(answer.body()).doesNotContainIgnoringCase("<html").doesNotContain("Tomcat");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("title").asText()).isEqualTo("Bad Request");
        assertThat(problem.get("field").asText()).isEqualTo("path");
        assertThat(problem.get("detail").asText()).contains("percent-encode");
    }

    /**
     * Query parameters that cannot be decoded, or hold what no submission has (a NUL PostgreSQL
     * would refuse): a 400 naming the parameter, never a 500.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/api/v1/submissions?cursor=%%%              | cursor",
        "/api/v1/submissions?limit=5&status=%zz      | status",
        "/api/v1/submissions?language=py%c3%28       | language",
        "/api/v1/submissions?language=%00            | language",
        "/api/v1/submissions?language=Python         | language",
        "/api/v1/stats?window=1m&language=%ZZ        | language",
        "/api/v1/submissions?wait=true&waitMs=abc    | waitMs",
    })
    void aQueryParameterThatCannotBeReadIsA400NamingIt(String target, String field) throws Exception {
        String method = target.contains("wait=") ? "POST" : "GET";
        String body = method.equals("POST") ? "{\"language\":\"python\",\"source\":\"print(1)\"}" : "";
        String key = target.startsWith("/api/v1/stats") ? "it-admin-key" : "it-key";
        Raw answer = raw(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: " + key + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
                + body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.header("content-type")).isEqualTo("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("field").asText()).isEqualTo(field);
        assertThat(problem.get("detail").asText()).doesNotContain("internal error");
    }

    /** A lookup by an id no submission can have (a NUL in it) is a 404 like any unknown id. */
    @Test
    void aSeedLookupWithAnIdNoSubmissionCanHaveIsA404() throws Exception {
        Raw answer = raw("GET /api/v1/submission/url?id=a%00b HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: it-key\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(answer.status()).as(answer.body()).isEqualTo(404);
        assertThat(answer.header("content-type")).isEqualTo("application/problem+json");
    }

    @Test
    void headersOverTheLimitAreAnsweredInProblemJson() throws Exception {
        Raw answer = raw("GET /api/v1/languages HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: it-key\r\nX-Padding: "
                + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("content-type")).isEqualTo("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("field").asText()).isEqualTo("request");
        assertThat(problem.get("detail").asText()).contains("headers");
    }

    @Test
    void errorsTheApiAnswersItselfKeepTheirOwnBody() throws Exception {
        Raw unknown = raw("GET /api/v1/submissions/00000000-0000-0000-0000-000000000000 HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Api-Key: it-key\r\nConnection: close\r\n\r\n");

        assertThat(unknown.status()).isEqualTo(404);
        JsonNode problem = JSON.readTree(unknown.body());
        assertThat(problem.get("detail").asText()).isEqualTo("no submission 00000000-0000-0000-0000-000000000000");
        assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/submissions/00000000-0000-0000-0000-000000000000");

        Raw fine = raw("GET /api/v1/languages HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: it-key\r\nConnection: close\r\n\r\n");
        assertThat(fine.status()).isEqualTo(200);
        assertThat(fine.body()).contains("\"python\"");
    }

    @Test
    void anUploadWithAFileNameOverThePartHeaderLimitIsRefusedForThatNotForItsSize() throws Exception {
        HttpResponse<String> answer = upload(List.of(filePart("a".repeat(2_000) + ".py", "print(1)")));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("field").asText()).isEqualTo("body");
        assertThat(problem.get("detail").asText()).contains("headers are over").contains("file name");
    }

    @Test
    void anUploadWithTooManyPartsIsRefusedForThatNotForItsSize() throws Exception {
        List<String> parts = new ArrayList<>(List.of(filePart("hello.py", "print(1)")));
        for (int i = 0; i < 200; i++) {
            parts.add("Content-Disposition: form-data; name=\"f" + i + "\"\r\n\r\nx");
        }
        HttpResponse<String> answer = upload(parts);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("field").asText()).isEqualTo("body");
        assertThat(problem.get("detail").asText()).startsWith("the form has more than").contains("parts");
    }

    private static String filePart(String fileName, String content) {
        return "Content-Disposition: form-data; name=\"sourceCode\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/plain\r\n\r\n" + content;
    }

    private HttpResponse<String> upload(List<String> parts) throws Exception {
        String boundary = "----codeexec-test";
        StringBuilder body = new StringBuilder();
        for (String part : parts) {
            body.append("--").append(boundary).append("\r\n").append(part).append("\r\n");
        }
        body.append("--").append(boundary).append("--\r\n");
        return send(HttpRequest.newBuilder(uri("/api/v1/submission")).header("X-Api-Key", "it-key")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    private Raw raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return Raw.parse(all.toString(StandardCharsets.UTF_8));
        }
    }

    /** One HTTP/1.1 answer as read off the socket (the server closes after it: Connection: close). */
    private record Raw(int status, String headers, String body) {

        static Raw parse(String text) {
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as("a complete answer: %s", text).isPositive();
            String head = text.substring(0, end);
            String body = text.substring(end + 4);
            if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            return new Raw(Integer.parseInt(head.split(" ", 3)[1]), head, body);
        }

        String header(String name) {
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        private static String unchunk(String chunked) {
            StringBuilder out = new StringBuilder();
            int at = 0;
            while (true) {
                int lineEnd = chunked.indexOf("\r\n", at);
                int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
                if (size == 0) {
                    return out.toString();
                }
                out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
                at = lineEnd + 2 + size + 2;
            }
        }
    }
}
