/**
 * The infrastructure of the modules' integration tests: PostgreSQL and Kafka in containers started
 * through Testcontainers from the images deploy/images.sh builds on this machine; nothing is pulled.
 */
package dev.codeexec.testsupport;
