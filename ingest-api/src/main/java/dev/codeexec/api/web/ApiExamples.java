package dev.codeexec.api.web;

/** Example bodies of the success responses, shown in the OpenAPI document next to their schemas. */
final class ApiExamples {

    static final String QUEUED = """
            {"id":"6c1f0d2e-8d1b-4a8e-9a57-2f1b0c3d4e5f","status":"QUEUED"}""";

    static final String COMPLETED = """
            {"id":"6c1f0d2e-8d1b-4a8e-9a57-2f1b0c3d4e5f","status":"COMPLETED","language":"python",\
            "createdAt":"2026-01-05T10:00:00Z","finishedAt":"2026-01-05T10:00:00.412Z","verdict":"ACCEPTED",\
            "stdout":"hello world\\n","stdoutEncoding":"utf8","stdoutTruncated":false,"stderr":"",\
            "stderrEncoding":"utf8","stderrTruncated":false,"exitCode":0,"cpuTimeMs":21,"wallTimeMs":38,\
            "memoryKb":9120,"runs":[{"testCase":1,"verdict":"ACCEPTED","exitCode":0,"cpuTimeMs":21,\
            "wallTimeMs":38,"memoryKb":9120,"stdout":"hello world\\n","stdoutEncoding":"utf8",\
            "stdoutTruncated":false,"stdoutSize":12,"stderr":"","stderrEncoding":"utf8","stderrTruncated":false,\
            "stderrSize":0}],"metadata":{"k":"v"}}""";

    static final String PAGE = """
            {"items":[{"id":"6c1f0d2e-8d1b-4a8e-9a57-2f1b0c3d4e5f","language":"python","status":"COMPLETED",\
            "verdict":"ACCEPTED","createdAt":"2026-01-05T10:00:00Z","finishedAt":"2026-01-05T10:00:00.412Z"}],\
            "next":"MjAyNi0wMS0wNVQxMDowMDowMFp8NmMxZg"}""";

    static final String BATCH = """
            {"results":[{"id":"6c1f0d2e-8d1b-4a8e-9a57-2f1b0c3d4e5f","status":"QUEUED"},\
            {"error":{"type":"about:blank","title":"Bad Request","status":400,"detail":"'language' is required",\
            "field":"language","errors":[{"field":"language","reason":"'language' is required"}]}}]}""";

    static final String EVENTS = """
            event:status
            data:{"id":"6c1f0d2e-8d1b-4a8e-9a57-2f1b0c3d4e5f","status":"RUNNING"}

            event:result
            data:{"id":"6c1f0d2e-8d1b-4a8e-9a57-2f1b0c3d4e5f","status":"COMPLETED","verdict":"ACCEPTED",...}

            """;

    static final String UPLOADED = """
            {"message":"File uploaded and pushed to queue successfully",\
            "id":"6c1f0d2e-8d1b-4a8e-9a57-2f1b0c3d4e5f","fileName":"main.py"}""";

    static final String EXECUTED_URL = """
            {"message":"Executed URL fetched successfully","codeId":"6c1f0d2e-8d1b-4a8e-9a57-2f1b0c3d4e5f",\
            "executedUrl":"http://localhost:8080/api/v1/objects/outputs/6c1f/1/stdout?expires=1767607200&signature=3q2-",\
            "status":"COMPLETED","verdict":"ACCEPTED"}""";

    static final String NOT_EXECUTED_YET = """
            {"message":"Execution has not finished yet; ask again shortly",\
            "codeId":"6c1f0d2e-8d1b-4a8e-9a57-2f1b0c3d4e5f","executedUrl":null,"status":"RUNNING"}""";

    static final String LANGUAGES = """
            [{"id":"python","name":"Python","version":"3.11","extensions":["py"],"compiled":false,\
            "sourceFile":"main.py"},{"id":"cpp","name":"C++","version":"g++ 12","extensions":["cpp","cc"],\
            "compiled":true,"sourceFile":"main.cpp"}]""";

    static final String STATS = """
            {"windows":[{"language":"python","verdict":"ACCEPTED","window":"1m",\
            "windowStart":"2026-01-05T10:00:00Z","windowEnd":"2026-01-05T10:01:00Z","count":42,\
            "p50WallTimeMs":38,"p95WallTimeMs":90,"p99WallTimeMs":140}]}""";

    static final String STATUS = """
            {"backlog":3,"submissions":{"QUEUED":3,"RUNNING":2,"COMPLETED":1250}}""";

    static final String NEW_KEY = """
            {"id":"k-3f9a","tenant":"team-a","admin":false,"key":"ce_8Jq2...the key, shown only this once"}""";

    static final String OUTPUT = "hello world\n";

    private ApiExamples() {
    }
}
