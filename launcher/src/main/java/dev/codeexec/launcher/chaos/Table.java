package dev.codeexec.launcher.chaos;

import java.util.List;
import java.util.Optional;

/** Prints the chaos table (Markdown) and, below it, what broke in each row. */
final class Table {

    private Table() {
    }

    static String render(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| fault | accepted | completed | duplicates | lost | dead letters (unexpected) "
                + "| recovery s from fault / from heal | wrong verdicts | boxes left | invariants |\n");
        out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Row r : rows) {
            out.append(line(r));
        }
        boolean notes = false;
        for (Row r : rows) {
            for (String v : r.violations()) {
                if (!notes) {
                    out.append("\nWhat broke:\n");
                    notes = true;
                }
                out.append("- ").append(r.fault().label()).append(": ").append(v).append('\n');
            }
        }
        return out.toString();
    }

    /** One row of the table, as Markdown. */
    static String line(Row r) {
        if (r.skipped().isPresent()) {
            return "| " + r.fault().label() + " | | | | | | | | | " + r.skipped().get() + " |\n";
        }
        return String.format("| %s | %d | %d | %d | %d | %d (%d) | %s / %s | %d | %s | %s |%n",
                r.fault().label(), r.accepted(), r.completed(), r.duplicates(), r.lost(), r.deadLetters(),
                r.unexpectedDead(), seconds(r.recoveryFromFault()), seconds(r.recoveryFromHeal()), r.wrongVerdicts(),
                r.boxesLeft().map(String::valueOf).orElse("-"), r.status());
    }

    private static String seconds(Optional<Double> value) {
        return value.map(v -> String.format("%.1f", v)).orElse("never");
    }
}
