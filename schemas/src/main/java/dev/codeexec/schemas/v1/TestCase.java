package dev.codeexec.schemas.v1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One input and, optionally, the output it must produce. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TestCase(String stdin, String expectedOutput) {
}
