/** Object storage of outputs (the storage module's local and GCS adapters) and the links to them. */
package dev.codeexec.api.adapter.objects;
