package dev.codeexec.launcher.chaos;

import java.util.List;
import java.util.Optional;

/**
 * One row of the chaos table.
 *
 * @param accepted           submissions accepted (202 over REST, or acknowledged by Kafka), probes included
 * @param completed          accepted ones with a terminal result within their bound (I1)
 * @param duplicates         ids with more than one committed result record (I2)
 * @param lost               accepted ones without a terminal result within their bound (I1)
 * @param deadLetters        records of this row in the dead-letter topics
 * @param unexpectedDead     dead letters that are not deliberate poison, or carry no reason (I3)
 * @param recoveryFromFault  seconds from the fault until a probe on every partition completed (I5)
 * @param recoveryFromHeal   the same, from the moment the fault was healed (restart done, SIGCONT sent)
 * @param wrongVerdicts      ordinary submissions whose verdict is not the one a healthy run gives
 * @param boxesLeft          boxes of this stack's executors after a clean stop (I4), empty when not checked
 * @param violations         what broke, one line each; empty when every invariant held
 */
record Row(Fault fault, Optional<String> skipped, int accepted, int completed, int duplicates, int lost,
        int deadLetters, int unexpectedDead, Optional<Double> recoveryFromFault, Optional<Double> recoveryFromHeal,
        int wrongVerdicts, Optional<Integer> boxesLeft, List<String> violations) {

    static Row skipped(Fault fault, String reason) {
        return new Row(fault, Optional.of(reason), 0, 0, 0, 0, 0, 0, Optional.empty(), Optional.empty(), 0,
                Optional.empty(), List.of());
    }

    static Row failed(Fault fault, String why) {
        return new Row(fault, Optional.empty(), 0, 0, 0, 0, 0, 0, Optional.empty(), Optional.empty(), 0,
                Optional.empty(), List.of(why));
    }

    Row withBoxesLeft(int boxes) {
        List<String> all = new java.util.ArrayList<>(violations);
        if (boxes > 0) {
            all.add("I4: " + boxes + " box(es) of this stack left after a clean stop");
        }
        return new Row(fault, skipped, accepted, completed, duplicates, lost, deadLetters, unexpectedDead,
                recoveryFromFault, recoveryFromHeal, wrongVerdicts, Optional.of(boxes), List.copyOf(all));
    }

    Row withViolation(String violation) {
        List<String> all = new java.util.ArrayList<>(violations);
        all.add(violation);
        return new Row(fault, skipped, accepted, completed, duplicates, lost, deadLetters, unexpectedDead,
                recoveryFromFault, recoveryFromHeal, wrongVerdicts, boxesLeft, List.copyOf(all));
    }

    boolean held() {
        return violations.isEmpty();
    }

    /** "held", "skipped", or the invariants that broke ("FAILED I1 I2"). */
    String status() {
        if (skipped.isPresent()) {
            return "skipped";
        }
        if (held()) {
            return "held";
        }
        return "FAILED " + String.join(" ", violations.stream().map(v -> v.contains(":") ? v.substring(0, v.indexOf(':')) : "run")
                .distinct().toList());
    }
}
