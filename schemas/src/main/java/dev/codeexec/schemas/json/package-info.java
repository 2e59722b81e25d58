/** JSON for the records: one configured mapper, the schema documents, and validation against them. */
package dev.codeexec.schemas.json;
