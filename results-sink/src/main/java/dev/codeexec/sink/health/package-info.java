/** Health of the sink's dependencies as the listeners see them, reported through the actuator. */
package dev.codeexec.sink.health;
