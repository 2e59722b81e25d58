package dev.codeexec.launcher.chaos;

import dev.codeexec.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The submissions the driver sends: an ordinary mix, and hostile content. */
final class Workload {

    /** The executor's default wall limit for one run (README: limits). */
    static final long DEFAULT_WALL_MS = 5000;

    private Workload() {
    }

    /**
     * The ordinary mix, {@code rounds} times: Python echoes, slow sleepers (so work is in flight at
     * the fault), C++ (compiled), test cases, a 200 KB output (it goes to object storage), a wrong
     * answer and a runtime error.
     */
    static List<Submission> ordinary(int rounds) {
        List<Submission> load = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            load.add(Submission.ordinary("python-sleep", python("import time\ntime.sleep(2)\nprint('slept')").toString(),
                    "ACCEPTED", DEFAULT_WALL_MS));
            load.add(Submission.ordinary("python-echo", python("print(input())").put("stdin", "hello " + i).toString(),
                    "ACCEPTED", DEFAULT_WALL_MS));
            load.add(Submission.ordinary("cpp", body("cpp", "#include <iostream>\nint main(){std::string s;std::cin>>s;"
                    + "std::cout<<\"hello \"<<s<<\"\\n\";}").put("stdin", "world").toString(), "ACCEPTED", DEFAULT_WALL_MS));
            load.add(Submission.ordinary("python-sleep", python("import time\ntime.sleep(2)\nprint('slept')").toString(),
                    "ACCEPTED", DEFAULT_WALL_MS));
            ObjectNode cases = python("print(int(input())*2)");
            ArrayNode tests = cases.putArray("testCases");
            for (int n = 1; n <= 3; n++) {
                tests.addObject().put("stdin", Integer.toString(n)).put("expectedOutput", Integer.toString(2 * n));
            }
            load.add(Submission.ordinary("python-tests", cases.toString(), "ACCEPTED", 3 * DEFAULT_WALL_MS));
            ObjectNode big = python("import sys\nsys.stdout.write('x' * 200000)");
            big.putObject("limits").put("outputKb", 512);
            load.add(Submission.ordinary("python-200kb", big.toString(), "ACCEPTED", DEFAULT_WALL_MS));
            ObjectNode wrong = python("print('no')");
            wrong.putArray("testCases").addObject().put("stdin", "").put("expectedOutput", "yes");
            load.add(Submission.ordinary("python-wrong", wrong.toString(), "WRONG_ANSWER", DEFAULT_WALL_MS));
            load.add(Submission.ordinary("python-exit3", python("raise SystemExit(3)").toString(),
                    "RUNTIME_ERROR", DEFAULT_WALL_MS));
        }
        return load;
    }

    /**
     * A program sure to be running for a while when a fault looks for one (kill-box): boxes are
     * long-lived and serve short steps, so the ordinary mix may have finished by then.
     */
    static Submission longSleeper() {
        ObjectNode sleeper = python("import time\ntime.sleep(10)\nprint('slept')");
        sleeper.putObject("limits").put("wallTimeMs", 15_000);
        return Submission.ordinary("python-sleep", sleeper.toString(), "ACCEPTED", 15_000);
    }

    /** A quick probe: the first one to complete after a fault says work resumed. */
    static Submission probe(int n) {
        return Submission.ordinary("probe", python("print('probe " + n + "')").toString(), "ACCEPTED", DEFAULT_WALL_MS);
    }

    /**
     * Hostile content over REST: NUL in metadata and stdin, control-character floods, outputs at
     * every limit and one byte past it, invalid UTF-8 as base64 files, deep and huge JSON. Each
     * may be refused with a 4xx naming the field; if accepted it must reach one terminal result.
     */
    static List<Submission> hostile() {
        List<Submission> load = new ArrayList<>();
        ObjectNode nulMetadata = python("print(1)");
        nulMetadata.putObject("metadata").put("k", "a\u0000b");
        load.add(Submission.hostile("nul-metadata", nulMetadata.toString(), DEFAULT_WALL_MS));
        load.add(Submission.hostile("nul-stdin", python("import sys\nsys.stdout.write(sys.stdin.read())")
                .put("stdin", "a\u0000b\u0000c").toString(), DEFAULT_WALL_MS));
        ObjectNode flood = python("import sys\nsys.stdout.write('\\x01' * 600000)\nsys.stderr.write('\\x1b[31m\\x07' * 10000)");
        flood.putObject("limits").put("outputKb", 1024);
        load.add(Submission.hostile("control-flood-600kb", flood.toString(), DEFAULT_WALL_MS));
        for (int kb : new int[] {1, 64, 1024}) {
            for (int extra : new int[] {0, 1}) {
                ObjectNode atLimit = python("import sys\nsys.stdout.write('y' * " + (kb * 1024 + extra) + ")");
                atLimit.putObject("limits").put("outputKb", kb);
                load.add(Submission.hostile("output-" + kb + "kb" + (extra == 0 ? "" : "+1"), atLimit.toString(),
                        DEFAULT_WALL_MS));
            }
        }
        ObjectNode invalidUtf8 = body("python", null);
        invalidUtf8.remove("source");
        ArrayNode files = invalidUtf8.putArray("files");
        files.addObject().put("name", "main.py")
                .put("content", "import sys\nsys.stdout.buffer.write(open('data.bin','rb').read())");
        files.addObject().put("name", "data.bin").put("encoding", "base64")
                .put("content", Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0x80, 0, (byte) 0xc0}));
        invalidUtf8.put("entrypoint", "main.py");
        load.add(Submission.hostile("invalid-utf8-file", invalidUtf8.toString(), DEFAULT_WALL_MS));
        ObjectNode invalidSource = body("python", null);
        invalidSource.remove("source");
        invalidSource.putArray("files").addObject().put("name", "main.py").put("encoding", "base64")
                .put("content", Base64.getEncoder().encodeToString(
                        "print('ok')\n# \u00ff".getBytes(StandardCharsets.ISO_8859_1)));
        invalidSource.put("entrypoint", "main.py");
        load.add(Submission.hostile("invalid-utf8-source", invalidSource.toString(), DEFAULT_WALL_MS));
        String deep = "[".repeat(5000) + "]".repeat(5000);
        load.add(Submission.hostile("deep-json", "{\"language\":\"python\",\"source\":\"print(1)\",\"metadata\":{\"k\":"
                + deep + "}}", DEFAULT_WALL_MS));
        ObjectNode wide = python("print(1)");
        ObjectNode metadata = wide.putObject("metadata");
        for (int i = 0; i < 20000; i++) {
            metadata.put("k" + i, "v" + i);
        }
        load.add(Submission.hostile("wide-metadata", wide.toString(), DEFAULT_WALL_MS));
        ObjectNode bigStdin = python("import sys\nsys.stdout.write(sys.stdin.read())").put("stdin", "z".repeat(900 * 1024));
        bigStdin.putObject("limits").put("outputKb", 1024);
        load.add(Submission.hostile("stdin-900kb", bigStdin.toString(), DEFAULT_WALL_MS));
        load.add(Submission.hostile("body-over-max", python("print(1)\n#" + "q".repeat(2 * 1024 * 1024)).toString(),
                DEFAULT_WALL_MS));
        return load;
    }

    private static ObjectNode python(String source) {
        return body("python", source);
    }

    private static ObjectNode body(String language, String source) {
        ObjectNode node = Json.mapper().createObjectNode().put("language", language);
        if (source != null) {
            node.put("source", source);
        }
        return node;
    }
}
