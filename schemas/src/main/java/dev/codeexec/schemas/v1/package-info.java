/**
 * Version 1 of the records on codeexec's topics. A change that breaks old readers is a new
 * version (a new package and new schema documents), never an edit of this one.
 */
package dev.codeexec.schemas.v1;
