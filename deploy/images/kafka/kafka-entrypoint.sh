#!/usr/bin/env bash
# Writes server.properties from the environment, formats the storage once, then runs the broker.
#   KAFKA_NODE_ID          this node's id (1, 2, 3)
#   KAFKA_CLUSTER_ID       the cluster id, the same on every node (22 characters of base64url)
#   KAFKA_QUORUM_VOTERS    id@host:9093,... of every controller
#   KAFKA_ADVERTISED_HOST  the name other containers reach this broker by (default: hostname)
#   KAFKA_EXTERNAL_ADDRESS host:port clients outside the network reach the listener 19092 at (optional)
#   KAFKA_PARTITIONS       partitions of automatically created topics and of the internal ones
#   KAFKA_REPLICATION      replication factor of every topic created by default and of the internal ones (3)
#   KAFKA_MIN_ISR          min.insync.replicas of every topic (2)
#   KAFKA_HEAP_OPTS, KAFKA_JVM_OPTS   the JVM's heap (-Xms256m -Xmx512m) and other options (-XX:+UseG1GC)
#   KAFKA_CFG_*            any other broker setting: KAFKA_CFG_LOG_RETENTION_HOURS=24 is log.retention.hours=24
set -euo pipefail
: "${KAFKA_NODE_ID:?KAFKA_NODE_ID is required}"
: "${KAFKA_CLUSTER_ID:?KAFKA_CLUSTER_ID is required}"
: "${KAFKA_QUORUM_VOTERS:?KAFKA_QUORUM_VOTERS is required}"
HOST="${KAFKA_ADVERTISED_HOST:-$(hostname)}"
PARTITIONS="${KAFKA_PARTITIONS:-6}"
REPLICATION="${KAFKA_REPLICATION:-3}"
MIN_ISR="${KAFKA_MIN_ISR:-2}"
DATA=/var/lib/kafka/data
CONFIG=/tmp/server.properties
LISTENERS="PLAINTEXT://:9092,CONTROLLER://:9093"
ADVERTISED="PLAINTEXT://$HOST:9092"
PROTOCOLS="PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
if [[ -n "${KAFKA_EXTERNAL_ADDRESS:-}" ]]; then
  LISTENERS+=",EXTERNAL://:19092"
  ADVERTISED+=",EXTERNAL://$KAFKA_EXTERNAL_ADDRESS"
  PROTOCOLS+=",EXTERNAL:PLAINTEXT"
fi
{
  echo "process.roles=broker,controller"
  echo "node.id=$KAFKA_NODE_ID"
  echo "controller.quorum.voters=$KAFKA_QUORUM_VOTERS"
  echo "listeners=$LISTENERS"
  echo "advertised.listeners=$ADVERTISED"
  echo "listener.security.protocol.map=$PROTOCOLS"
  echo "controller.listener.names=CONTROLLER"
  echo "inter.broker.listener.name=PLAINTEXT"
  echo "log.dirs=$DATA"
  echo "num.partitions=$PARTITIONS"
  echo "default.replication.factor=$REPLICATION"
  echo "min.insync.replicas=$MIN_ISR"
  echo "offsets.topic.replication.factor=$REPLICATION"
  echo "transaction.state.log.replication.factor=$REPLICATION"
  echo "transaction.state.log.min.isr=$MIN_ISR"
  echo "share.coordinator.state.topic.replication.factor=$REPLICATION"
  echo "share.coordinator.state.topic.min.isr=$MIN_ISR"
  echo "unclean.leader.election.enable=false"
  echo "group.initial.rebalance.delay.ms=0"
  echo "message.max.bytes=16777216"
  echo "replica.fetch.max.bytes=16777216"
  echo "log.retention.hours=168"
  env | sed -n 's/^KAFKA_CFG_\([A-Z0-9_]*\)=\(.*\)$/\1=\2/p' | while IFS='=' read -r name value; do
    printf '%s=%s\n' "$(echo "$name" | tr 'A-Z_' 'a-z.')" "$value"
  done
} >"$CONFIG"
JAVA=(java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} ${KAFKA_JVM_OPTS:--XX:+UseG1GC} -Djava.awt.headless=true
      -Dlog4j2.configurationFile=file:/opt/kafka/log4j2.properties -Dkafka.logs.dir=/tmp -cp '/opt/kafka/libs/*')
if [[ ! -f "$DATA/meta.properties" ]]; then
  echo "[kafka-entrypoint] formatting $DATA for cluster $KAFKA_CLUSTER_ID, node $KAFKA_NODE_ID"
  "${JAVA[@]}" kafka.tools.StorageTool format -t "$KAFKA_CLUSTER_ID" -c "$CONFIG" --ignore-formatted
fi
exec "${JAVA[@]}" kafka.Kafka "$CONFIG"
