/**
 * The Google Cloud Storage adapter of the object store (google-cloud-storage). Works against
 * real GCS with Application Default Credentials and against an emulator through an endpoint
 * override; links are V4 signed URLs.
 */
package dev.codeexec.storage.gcs;
