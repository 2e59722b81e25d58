package dev.codeexec.storage.gcs;

import com.google.api.gax.paging.Page;
import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.ServiceAccountSigner;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.WriteChannel;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import dev.codeexec.storage.ObjectKeys;
import dev.codeexec.storage.ObjectStorePort;
import dev.codeexec.storage.ObjectStoreUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Objects in a Google Cloud Storage bucket. Uploads are resumable uploads sent in one chunk
 * (the kind every GCS implementation, emulators included, accepts); an upload replaces the
 * object as a whole. Links are V4 signed URLs.
 */
public final class GcsObjectStore implements ObjectStorePort {

    private static final int CHUNK_UNIT = 256 * 1024;

    private final Storage storage;
    private final String bucket;
    private final Optional<ServiceAccountSigner> signer;
    private final Optional<String> signingHost;

    public GcsObjectStore(Storage storage, String bucket, Optional<ServiceAccountSigner> signer,
            Optional<String> signingHost) {
        this.storage = storage;
        this.bucket = bucket;
        this.signer = signer;
        this.signingHost = signingHost;
    }

    /** A store as {@code settings} say: emulator without credentials, or real GCS with ADC. */
    public static GcsObjectStore create(GcsSettings settings) {
        long timeoutMs = settings.timeout().toMillis();
        StorageOptions.Builder options = StorageOptions.newBuilder()
                .setTransportOptions(HttpTransportOptions.newBuilder()
                        .setConnectTimeout((int) timeoutMs).setReadTimeout((int) timeoutMs).build())
                .setRetrySettings(RetrySettings.newBuilder()
                        .setMaxAttempts(3)
                        .setInitialRetryDelayDuration(Duration.ofMillis(100))
                        .setMaxRetryDelayDuration(Duration.ofSeconds(1))
                        .setRetryDelayMultiplier(2.0)
                        .setTotalTimeoutDuration(settings.timeout())
                        .build());
        settings.projectId().ifPresent(options::setProjectId);
        settings.endpoint().ifPresent(endpoint -> options.setHost(endpoint.toString())
                .setCredentials(NoCredentials.getInstance()));
        Optional<ServiceAccountSigner> signer = settings.signingKeyFile().map(GcsObjectStore::readSigner);
        return new GcsObjectStore(options.build().getService(), settings.bucket(), signer,
                settings.endpoint().map(URI::toString));
    }

    private static ServiceAccountSigner readSigner(java.nio.file.Path keyFile) {
        try (InputStream in = Files.newInputStream(keyFile)) {
            return ServiceAccountCredentials.fromStream(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing key " + keyFile, e);
        }
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        BlobInfo info = BlobInfo.newBuilder(BlobId.of(bucket, ObjectKeys.check(key))).setContentType(contentType).build();
        try (WriteChannel writer = storage.writer(info)) {
            writer.setChunkSize(Math.max(CHUNK_UNIT, (bytes.length / CHUNK_UNIT + 1) * CHUNK_UNIT));
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                writer.write(buffer);
            }
        } catch (IOException | StorageException e) {
            throw new ObjectStoreUnavailableException("cannot write gs://" + bucket + "/" + key, e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(storage.readAllBytes(BlobId.of(bucket, ObjectKeys.check(key))));
        } catch (StorageException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw new ObjectStoreUnavailableException("cannot read gs://" + bucket + "/" + key, e);
        }
    }

    @Override
    public boolean exists(String key) {
        try {
            return storage.get(BlobId.of(bucket, ObjectKeys.check(key))) != null;
        } catch (StorageException e) {
            throw new ObjectStoreUnavailableException("cannot stat gs://" + bucket + "/" + key, e);
        }
    }

    @Override
    public int deleteByPrefix(String prefix) {
        ObjectKeys.checkPrefix(prefix);
        try {
            List<BlobId> ids = new ArrayList<>();
            Page<Blob> page = storage.list(bucket, Storage.BlobListOption.prefix(prefix));
            for (Blob blob : page.iterateAll()) {
                ids.add(blob.getBlobId());
            }
            int deleted = 0;
            for (BlobId id : ids) {
                if (storage.delete(id)) {
                    deleted++;
                }
            }
            return deleted;
        } catch (StorageException e) {
            throw new ObjectStoreUnavailableException("cannot delete gs://" + bucket + "/" + prefix, e);
        }
    }

    @Override
    public URI signedUrl(String key, Duration ttl) {
        BlobInfo info = BlobInfo.newBuilder(BlobId.of(bucket, ObjectKeys.check(key))).build();
        List<Storage.SignUrlOption> options = new ArrayList<>();
        options.add(Storage.SignUrlOption.withV4Signature());
        signer.ifPresent(s -> options.add(Storage.SignUrlOption.signWith(s)));
        // without the host option the signed URL points at storage.googleapis.com (and drops the port)
        signingHost.ifPresent(host -> options.add(Storage.SignUrlOption.withHostName(host)));
        try {
            URL url = storage.signUrl(info, ttl.toSeconds(), TimeUnit.SECONDS, options.toArray(Storage.SignUrlOption[]::new));
            return url.toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("signed URL is not a URI", e);
        }
    }
}
