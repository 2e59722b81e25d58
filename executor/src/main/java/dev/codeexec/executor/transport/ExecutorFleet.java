package dev.codeexec.executor.transport;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executors of one consumer group on one Kafka cluster, as the broker sees them: its id
 * ({@code <cluster id>/<group id>}) and which executor ids are live members right now. Executors
 * join with static membership ({@code group.instance.id} = executor id + {@code -n} per consumer
 * thread), so a member's instance id names its executor.
 */
public final class ExecutorFleet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExecutorFleet.class);

    private final Admin admin;
    private final String groupId;

    public ExecutorFleet(Map<String, Object> adminConfig, String groupId) {
        this.admin = Admin.create(adminConfig);
        this.groupId = groupId;
    }

    /** {@code <cluster id>/<group id>}, or empty when the cluster does not answer in time. */
    public Optional<String> id(Duration timeout) {
        try {
            return Optional.of(admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    + "/" + groupId);
        } catch (Exception e) {
            log.warn("the Kafka cluster's id is unknown ({}): boxes of gone executors are not cleaned up", e.toString());
            return Optional.empty();
        }
    }

    /** The group members' instance ids and client ids now, or empty when the broker does not answer. */
    public Optional<Set<String>> memberIds(Duration timeout) {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).describedGroups()
                    .get(groupId).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Set<String> ids = new HashSet<>();
            for (MemberDescription member : group.members()) {
                member.groupInstanceId().ifPresent(ids::add);
                ids.add(member.clientId());
            }
            return Optional.of(ids);
        } catch (Exception e) {
            log.debug("group {} could not be described: {}", groupId, e.toString());
            return Optional.empty();
        }
    }

    /** True when one of {@code memberIds} is {@code executorId} or {@code executorId-<n>}. */
    public static boolean isLive(String executorId, Set<String> memberIds) {
        for (String member : memberIds) {
            if (member.equals(executorId) || (member.startsWith(executorId + "-")
                    && member.substring(executorId.length() + 1).matches("\\d+"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
