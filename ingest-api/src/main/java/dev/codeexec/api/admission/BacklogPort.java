package dev.codeexec.api.admission;

import java.util.OptionalLong;

/** How many submissions wait on the queue, unconsumed; empty when it cannot be measured now. */
public interface BacklogPort {

    OptionalLong backlog();
}
