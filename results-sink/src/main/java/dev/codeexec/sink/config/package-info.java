/** Configuration: the module's properties, the topics it declares and the wiring of its adapters. */
package dev.codeexec.sink.config;
