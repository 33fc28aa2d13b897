package com.suresoft.ams.operator.model.data;

import static com.suresoft.ams.operator.model.EnvVars.fromSecret;
import static com.suresoft.ams.operator.model.EnvVars.plain;
import static com.suresoft.ams.operator.model.data.DataPods.mount;

import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.PodSecurity;
import com.suresoft.ams.operator.model.ResourceNames;
import com.suresoft.ams.operator.model.SecretKeys;
import com.suresoft.ams.operator.model.security.DataTls;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Redis: StatefulSet and Service {@code <name>-redis} (6379, TLS only: the plain port is closed),
 * append-only persistence as the seed's {@code --appendonly yes}, the password from the generated
 * Secret, the certificate from {@code <name>-redis-tls} ({@link DataTls}).
 */
public final class RedisServer {
  public static final int PORT = 6379;

  /** uid/gid of the redis user of the Alpine Redis image. */
  public static final long UID = 999;

  public static final String CONFIG_DIR = "/etc/ams/redis";
  public static final String RUN_DIR = "/var/run/redis";
  public static final String DATA_DIR = "/data";
  public static final String TLS_DIR = "/etc/ams/tls";
  public static final String ENTRYPOINT = "redis-entrypoint.sh";

  private RedisServer() {}

  /** Files of the ConfigMap {@code <name>-redis-config}: redis.conf follows the spec. */
  public static Map<String, String> files(InstanceModel m) {
    var files = new TreeMap<String, String>();
    files.put(ENTRYPOINT, DataFiles.read(ENTRYPOINT));
    files.put(DataFiles.TLS_WATCH, DataFiles.read(DataFiles.TLS_WATCH));
    files.put(
        "redis.conf",
        DataFiles.read("redis.conf")
            .replace("${appendonly}", m.spec().getRedis().getAppendOnly() ? "yes" : "no"));
    return files;
  }

  public static ConfigMap configMap(InstanceModel m) {
    return DataPods.configMap(m, m.names().redisConfig(), Component.REDIS, files(m));
  }

  public static StatefulSet statefulSet(InstanceModel m, DataTierInputs inputs) {
    var redis = m.spec().getRedis();
    var names = m.names();
    // The password reaches redis-cli through REDISCLI_AUTH, not its command line.
    var ping =
        DataPods.exec(
            0,
            10,
            3,
            List.of(
                "sh",
                "-c",
                "REDISCLI_AUTH=\"$REDIS_PASSWORD\" redis-cli --tls --cacert \"$TLS_DIR/ca.crt\""
                    + " -h 127.0.0.1 -p "
                    + PORT
                    + " ping | grep -q PONG"));
    var container =
        new ContainerBuilder()
            .withName("redis")
            .withImage(redis.getImage())
            .withImagePullPolicy("IfNotPresent")
            .withCommand("sh", CONFIG_DIR + "/" + ENTRYPOINT)
            .withEnv(env(m))
            .addNewPort()
            .withName("redis")
            .withContainerPort(PORT)
            .withProtocol("TCP")
            .endPort()
            .withResources(redis.getResources())
            .withReadinessProbe(ping)
            .withLivenessProbe(
                new ProbeBuilder()
                    .withNewTcpSocket()
                    .withPort(new IntOrString(PORT))
                    .endTcpSocket()
                    .withPeriodSeconds(10)
                    .withFailureThreshold(6)
                    .build())
            .withSecurityContext(PodSecurity.container())
            .withVolumeMounts(
                mount(ResourceNames.DATA_VOLUME, DATA_DIR, false),
                mount("config", CONFIG_DIR, true),
                mount("run", RUN_DIR, false),
                mount("tls", TLS_DIR, true))
            .build();
    return DataPods.statefulSet(
        m,
        Component.REDIS,
        names.redis(),
        1,
        Map.of(DataPods.CONFIG_DIGEST, DataFiles.digest(files(m))),
        DataPods.podSpec(m, UID)
            .withContainers(container, Exporters.redis(m))
            .withVolumes(
                DataPods.configVolume("config", names.redisConfig()),
                DataPods.emptyDir("run", true),
                DataPods.tlsVolume("tls", names.redisTlsSecret()),
                DataTls.caVolume(DataTls.CA_VOLUME, names.redisTlsSecret()))
            .build(),
        redis.getStorage(),
        inputs.claimSize(Component.REDIS, redis.getStorage().getSize()));
  }

  static List<EnvVar> env(InstanceModel m) {
    return List.of(
        plain("CONFIG_DIR", CONFIG_DIR),
        plain("RUN_DIR", RUN_DIR),
        plain("DATA_DIR", DATA_DIR),
        plain("TLS_DIR", TLS_DIR),
        fromSecret("REDIS_PASSWORD", m.names().secrets(), SecretKeys.REDIS_PASSWORD));
  }

  public static Service service(InstanceModel m) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(m.names().redis())
        .withNamespace(m.namespace())
        .withLabels(Labels.of(m.name(), Component.REDIS, m.spec().getVersion()))
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(Labels.selector(m.name(), Component.REDIS))
        .addNewPort()
        .withName("redis")
        .withProtocol("TCP")
        .withPort(PORT)
        .withTargetPort(new IntOrString("redis"))
        .endPort()
        .addToPorts(Exporters.servicePort(Exporters.REDIS_PORT))
        .endSpec()
        .build();
  }
}
