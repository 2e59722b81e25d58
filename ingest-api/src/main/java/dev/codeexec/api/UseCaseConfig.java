package dev.codeexec.api;

import dev.codeexec.api.admission.AdmissionControl;
import dev.codeexec.api.admission.BacklogPort;
import dev.codeexec.api.admission.OperationalStatus;
import dev.codeexec.api.auth.Authenticator;
import dev.codeexec.api.auth.KeyStorePort;
import dev.codeexec.api.auth.ManageKeys;
import dev.codeexec.api.submission.Admission;
import dev.codeexec.api.submission.MaxLimits;
import dev.codeexec.api.submission.OutputLinks;
import dev.codeexec.api.submission.QuerySubmissions;
import dev.codeexec.api.submission.SubmissionFactory;
import dev.codeexec.api.submission.SubmissionQueuePort;
import dev.codeexec.api.submission.SubmissionStorePort;
import dev.codeexec.api.submission.SubmitBatch;
import dev.codeexec.api.submission.OutputObjectsPort;
import dev.codeexec.api.submission.SeedSubmissions;
import dev.codeexec.api.submission.ServeOutput;
import dev.codeexec.api.adapter.http.SafeCallbackCheck;
import dev.codeexec.api.adapter.http.SafeSourceFetch;
import dev.codeexec.api.stats.ReadStats;
import dev.codeexec.api.stats.StatsStorePort;
import dev.codeexec.api.submission.SubmitSubmission;
import dev.codeexec.outbound.OutboundClient;
import dev.codeexec.outbound.OutboundLimits;
import dev.codeexec.outbound.OutboundPolicy;
import dev.codeexec.schemas.languages.LanguageCatalogue;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the use cases from configuration and whatever adapters the context holds. */
@Configuration(proxyBeanMethods = false)
class UseCaseConfig {

    @Bean
    LanguageCatalogue languageCatalogue() {
        return LanguageCatalogue.load();
    }

    @Bean
    SubmissionFactory submissionFactory(LanguageCatalogue languages, ApiProperties p, OutboundClient outbound) {
        ApiProperties.MaxLimits m = p.maxLimits();
        return new SubmissionFactory(languages, new MaxLimits(m.cpuTimeMs(), m.wallTimeMs(), m.memoryMb(),
                m.processes(), m.outputKb(), m.fileSizeKb(), m.testCases()), new SafeCallbackCheck(outbound.policy()));
    }

    @Bean
    Admission admission(ApiProperties p, ObjectProvider<BacklogPort> backlog, SubmissionStorePort store) {
        BacklogPort measured = backlog.getIfAvailable(() -> java.util.OptionalLong::empty);
        return new AdmissionControl(p.rateLimit().requestsPerSecond(), p.rateLimit().burst(),
                p.rateLimit().maxInFlight(), p.backpressure().maxBacklog(), p.retryAfterSeconds(),
                measured, store, System::nanoTime);
    }

    @Bean
    SubmitSubmission submitSubmission(SubmissionFactory factory, SubmissionQueuePort queue,
            SubmissionStorePort store, Admission admission, ApiProperties p) {
        return new SubmitSubmission(factory, queue, store, admission, Clock.systemUTC(), p.retryAfterSeconds());
    }

    @Bean
    SubmitBatch submitBatch(SubmitSubmission submit, ApiProperties p) {
        return new SubmitBatch(submit, p.batchMax());
    }

    @Bean
    QuerySubmissions querySubmissions(SubmissionStorePort store, ObjectProvider<OutputLinks> links, ApiProperties p) {
        return new QuerySubmissions(store, links.getIfAvailable(OutputLinks::none), p.executedUrlTtl());
    }

    @Bean
    ServeOutput serveOutput(OutputObjectsPort objects, SubmissionStorePort store) {
        return new ServeOutput(objects, store);
    }

    @Bean
    OutboundClient outboundClient(ApiProperties p) {
        ApiProperties.Fetch f = p.fetch();
        return new OutboundClient(OutboundPolicy.allowListOrPublic(f.allowedHosts()), new OutboundLimits(
                f.maxSizeKb() * 1024L, f.connectTimeout(), f.readTimeout(), f.deadline(), f.maxRedirects()));
    }

    @Bean
    SeedSubmissions seedSubmissions(SubmitSubmission submit, QuerySubmissions query, LanguageCatalogue languages,
            OutboundClient fetcher, ObjectProvider<OutputLinks> links, ApiProperties p) {
        return new SeedSubmissions(submit, query, languages, new SafeSourceFetch(fetcher),
                links.getIfAvailable(OutputLinks::none), p.executedUrlTtl());
    }

    @Bean
    Authenticator authenticator(ApiProperties p, KeyStorePort keys) {
        return new Authenticator(p.key(), p.adminKey(), p.anonymousEnabled(), keys);
    }

    @Bean
    OperationalStatus operationalStatus(ObjectProvider<BacklogPort> backlog, SubmissionStorePort store) {
        return new OperationalStatus(backlog.getIfAvailable(() -> java.util.OptionalLong::empty), store);
    }

    @Bean
    ReadStats readStats(StatsStorePort store, LanguageCatalogue languages) {
        return new ReadStats(store, languages);
    }

    @Bean
    ManageKeys manageKeys(KeyStorePort keys, Authenticator authenticator) {
        return new ManageKeys(keys, authenticator);
    }
}
