/**
 * The ingest API application: its main class and its one configuration record. Entry points live
 * in {@code web}, use cases in {@code submission}, {@code auth} and {@code admission}, technology in
 * {@code adapter}.
 */
package dev.codeexec.api;
