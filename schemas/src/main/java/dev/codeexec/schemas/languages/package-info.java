/**
 * The language catalogue: which languages exist, their versions, runner images and argv
 * templates. Shared so the API refuses unknown languages and the executor runs known ones from
 * one definition.
 */
package dev.codeexec.schemas.languages;
