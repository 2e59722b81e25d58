package dev.codeexec.sink.reaper;

import dev.codeexec.schemas.v1.ExecutionResult;

/** Puts a result on the results topic, where the sink stores it and consumers read it like any other. */
public interface ResultPublisherPort {

    /** Returns once the broker has the record; throws if it does not. */
    void publish(ExecutionResult result);
}
