package dev.codeexec.api.web;

import dev.codeexec.api.ApiProperties;
import dev.codeexec.api.admission.OperationalStatus;
import dev.codeexec.api.auth.Authenticator;
import dev.codeexec.api.auth.ManageKeys;
import dev.codeexec.api.submission.MaxLimits;
import dev.codeexec.api.submission.SeedSubmissions;
import dev.codeexec.api.submission.ServeOutput;
import dev.codeexec.api.support.FakeObjects;
import dev.codeexec.api.support.FakeSources;
import dev.codeexec.api.submission.QuerySubmissions;
import dev.codeexec.api.submission.SubmissionFactory;
import dev.codeexec.api.submission.SubmitBatch;
import dev.codeexec.api.submission.SubmitSubmission;
import dev.codeexec.api.support.FakeQueue;
import dev.codeexec.api.support.InMemoryKeys;
import dev.codeexec.api.support.InMemoryStats;
import dev.codeexec.api.stats.ReadStats;
import dev.codeexec.api.support.InMemoryStore;
import dev.codeexec.api.support.SwitchableAdmission;
import dev.codeexec.schemas.languages.LanguageCatalogue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The use cases over in-memory fakes, for web-slice tests. */
@TestConfiguration(proxyBeanMethods = false)
public class WebSliceConfig {

    /** What Boot's metrics auto-configuration gives the running API; the slice has none. */
    @Bean
    SimpleMeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    @Bean
    dev.codeexec.api.submission.LiveEvents liveEvents() {
        return new dev.codeexec.api.submission.LiveEvents(100);
    }

    @Bean(destroyMethod = "shutdownNow")
    java.util.concurrent.ScheduledExecutorService liveReaders() {
        return java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    }

    @Bean
    FakeQueue fakeQueue() {
        return new FakeQueue();
    }

    @Bean
    InMemoryStore inMemoryStore() {
        return new InMemoryStore();
    }

    @Bean
    InMemoryKeys inMemoryKeys() {
        return new InMemoryKeys();
    }

    @Bean
    SwitchableAdmission switchableAdmission() {
        return new SwitchableAdmission();
    }

    @Bean
    LanguageCatalogue languageCatalogue() {
        return LanguageCatalogue.builtIn();
    }

    @Bean
    SubmitSubmission submitSubmission(LanguageCatalogue languages, FakeQueue queue, InMemoryStore store,
            SwitchableAdmission admission) {
        SubmissionFactory factory = new SubmissionFactory(languages,
                new MaxLimits(10_000, 20_000, 1024, 256, 8192, 65536, 100),
                url -> url.contains("169.254.169.254") ? java.util.Optional.of("refused (address): not public")
                        : java.util.Optional.empty());
        return new SubmitSubmission(factory, queue, store, admission, Clock.systemUTC(), 7);
    }

    @Bean
    SubmitBatch submitBatch(SubmitSubmission submit) {
        return new SubmitBatch(submit, 3);
    }

    @Bean
    QuerySubmissions querySubmissions(InMemoryStore store, FakeObjects objects) {
        return new QuerySubmissions(store, objects, java.time.Duration.ofMinutes(30));
    }

    @Bean
    FakeSources fakeSources() {
        return new FakeSources();
    }

    @Bean
    FakeObjects fakeObjects() {
        return new FakeObjects();
    }

    @Bean
    SeedSubmissions seedSubmissions(SubmitSubmission submit, QuerySubmissions query, LanguageCatalogue languages,
            FakeSources sources, FakeObjects objects) {
        return new SeedSubmissions(submit, query, languages, sources, objects, java.time.Duration.ofMinutes(30));
    }

    @Bean
    ServeOutput serveOutput(FakeObjects objects, InMemoryStore store) {
        return new ServeOutput(objects, store);
    }

    @Bean
    OperationalStatus operationalStatus(InMemoryStore store) {
        return new OperationalStatus(() -> java.util.OptionalLong.of(7), store);
    }

    @Bean
    InMemoryStats inMemoryStats() {
        return new InMemoryStats();
    }

    @Bean
    ReadStats readStats(InMemoryStats stats, LanguageCatalogue languages) {
        return new ReadStats(stats, languages);
    }

    @Bean
    Authenticator authenticator(ApiProperties p, InMemoryKeys keys) {
        return new Authenticator(p.key(), p.adminKey(), p.anonymousEnabled(), keys);
    }

    @Bean
    ManageKeys manageKeys(InMemoryKeys keys, Authenticator authenticator) {
        return new ManageKeys(keys, authenticator);
    }
}
