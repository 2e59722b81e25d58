package dev.codeexec.launcher.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code --tests DIR}: one test case per name that has {@code NAME.in} (its stdin; empty when
 * absent) or {@code NAME.out} (its expected output; not compared when absent), in natural name
 * order ({@code 2} before {@code 10}).
 */
final class TestCaseFiles {

    /** One test case as read from the directory. */
    record NamedCase(String name, String stdin, Optional<String> expectedOutput) {
    }

    private TestCaseFiles() {
    }

    static List<NamedCase> read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw CliFailure.usage("--tests " + dir + " is not a directory");
        }
        TreeSet<String> names = new TreeSet<>(NATURAL);
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".in") || n.endsWith(".out"))
                    .forEach(n -> names.add(n.substring(0, n.lastIndexOf('.'))));
        } catch (IOException e) {
            throw CliFailure.usage("cannot list --tests " + dir + ": " + e.getMessage());
        }
        if (names.isEmpty()) {
            throw CliFailure.usage("--tests " + dir + " holds no test cases (NAME.in with the stdin, NAME.out with the"
                    + " expected output)");
        }
        List<NamedCase> cases = new ArrayList<>();
        for (String name : names) {
            Path in = dir.resolve(name + ".in");
            Path out = dir.resolve(name + ".out");
            cases.add(new NamedCase(name,
                    Files.exists(in) ? TextFiles.read(in, "test input") : "",
                    Files.exists(out) ? Optional.of(TextFiles.read(out, "expected output")) : Optional.empty()));
        }
        return cases;
    }

    /** Names compared with their runs of digits as numbers, so case 2 comes before case 10. */
    static final Comparator<String> NATURAL = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int ei = digitsEnd(a, i);
                int ej = digitsEnd(b, j);
                String na = a.substring(i, ei).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(j, ej).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    };

    private static int digitsEnd(String s, int from) {
        int end = from;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return end;
    }
}
