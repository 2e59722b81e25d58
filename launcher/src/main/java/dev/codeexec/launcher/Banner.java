package dev.codeexec.launcher;

/** What the standalone mode prints once it is ready: where the API is, the key, and what to paste. */
final class Banner {

    /** The issue-2 example: a C++ program that reads "world" from stdin and greets it. */
    static final String EXAMPLE_BODY = "{\"language\":\"cpp\",\"source\":\"#include <iostream>\\nint main()"
            + "{std::string s;std::cin>>s;std::cout<<\\\"hello \\\"<<s<<\\\"\\\\n\\\";}\",\"stdin\":\"world\"}";

    private Banner() {
    }

    static String ready(StandalonePipeline pipeline, double seconds) {
        String api = "http://localhost:" + pipeline.settings().apiPort();
        String key = pipeline.apiKey();
        return String.join("\n",
                "",
                String.format("codeexec is ready (started in %.1f s)", seconds),
                "  API:         " + api + "/api/v1",
                "  API key:     " + key,
                "  playground:  " + api + "/ (a page to run programs in; paste the key there)",
                "  data dir:    " + pipeline.dataDir() + " (logs: " + pipeline.dataDir().resolve("logs") + ")",
                "  Kafka:       " + pipeline.bootstrapServers(),
                "  PostgreSQL:  " + pipeline.jdbcUrl() + " (user " + pipeline.jdbcUser() + ")",
                "  health:      " + api + "/actuator/health (sink :" + pipeline.settings().sinkPort()
                        + ", executor :" + pipeline.settings().executorPort() + ")",
                "",
                "Submit a program:",
                "  curl -X POST " + api + "/api/v1/submissions -H 'Authorization: Bearer " + key + "'"
                        + " -H 'Content-Type: application/json' -d '" + EXAMPLE_BODY + "'",
                "Then fetch its result with the id from the answer:",
                "  curl " + api + "/api/v1/submissions/ID -H 'Authorization: Bearer " + key + "'",
                "",
                "Ctrl-C stops everything.",
                "");
    }
}
