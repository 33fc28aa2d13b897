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
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MinIO: StatefulSet and Service {@code <name>-minio} (API 9000; console 9001 only when {@code
 * console: true}), HTTPS only with the certificate of {@code <name>-minio-tls}, the generated root
 * credentials, and the bucket Job that creates the buckets and the least-privileged users ({@link
 * MinioPolicies}).
 */
public final class MinioServer {
  public static final int API_PORT = 9000;
  public static final int CONSOLE_PORT = 9001;

  /** MinIO client image for the bucket Job and the backup upload. */
  public static final String MC_IMAGE = "minio/mc:RELEASE.2024-11-17T19-35-25Z";

  /** MinIO runs as any uid; 1000 is a plain unprivileged one. */
  public static final long UID = 1000;

  public static final String DATA_DIR = "/data";
  public static final String CONFIG_DIR = "/etc/ams/minio";

  /**
   * MinIO's certificate directory ({@code --certs-dir}): {@code public.crt}, {@code private.key}
   * and the CA in {@code CAs/}. MinIO notices a renewed certificate there and reloads it.
   */
  public static final String CERTS_DIR = "/etc/ams/minio-certs";

  public static final String BUCKETS_SCRIPT = "minio-buckets.sh";

  private MinioServer() {}

  public static String endpoint(InstanceModel m) {
    return "https://" + m.names().minio() + ":" + API_PORT;
  }

  /** The ConfigMap's files: the bucket script, the users' policies, the backups' lifecycle. */
  public static Map<String, String> files(InstanceModel m) {
    var files = new TreeMap<>(DataFiles.readAll(BUCKETS_SCRIPT));
    files.putAll(MinioPolicies.files(m));
    return files;
  }

  public static ConfigMap configMap(InstanceModel m) {
    return DataPods.configMap(m, m.names().minioConfig(), Component.MINIO, files(m));
  }

  public static StatefulSet statefulSet(InstanceModel m, DataTierInputs inputs) {
    var os = m.spec().getObjectStorage();
    var names = m.names();
    boolean console = os.getConsole();
    var command =
        new ArrayList<>(
            List.of(
                "minio",
                "server",
                DATA_DIR,
                "--address",
                ":" + API_PORT,
                "--certs-dir",
                CERTS_DIR));
    if (console) {
      command.addAll(List.of("--console-address", ":" + CONSOLE_PORT));
    }
    var container =
        new ContainerBuilder()
            .withName("minio")
            .withImage(os.getImage())
            .withImagePullPolicy("IfNotPresent")
            .withCommand(command)
            .withEnv(
                fromSecret("MINIO_ROOT_USER", names.secrets(), SecretKeys.MINIO_ROOT_USER),
                fromSecret("MINIO_ROOT_PASSWORD", names.secrets(), SecretKeys.MINIO_ROOT_PASSWORD),
                plain("HOME", "/tmp"),
                plain("MINIO_BROWSER", console ? "on" : "off"))
            .withPorts(ports(console, true))
            .withResources(os.getResources())
            .withReadinessProbe(http("/minio/health/ready", 5, 3))
            .withLivenessProbe(http("/minio/health/live", 10, 6))
            .withSecurityContext(PodSecurity.container())
            .withVolumeMounts(
                mount(ResourceNames.DATA_VOLUME, DATA_DIR, false),
                mount("tmp", "/tmp", false),
                mount("certs", CERTS_DIR, true))
            .build();
    return DataPods.statefulSet(
        m,
        Component.MINIO,
        names.minio(),
        1,
        Map.of(),
        DataPods.podSpec(m, UID)
            .withContainers(container)
            .withVolumes(DataPods.emptyDir("tmp", false), certsVolume(names.minioTlsSecret()))
            .build(),
        os.getStorage(),
        inputs.claimSize(Component.MINIO, os.getStorage().getSize()));
  }

  /** The certificate Secret in the layout MinIO reads, readable by MinIO's group only. */
  private static Volume certsVolume(String secret) {
    return new VolumeBuilder()
        .withName("certs")
        .withNewSecret()
        .withSecretName(secret)
        .addNewItem()
        .withKey(DataTls.TLS_CRT)
        .withPath("public.crt")
        .endItem()
        .addNewItem()
        .withKey(DataTls.TLS_KEY)
        .withPath("private.key")
        .endItem()
        .addNewItem()
        .withKey(DataTls.CA_CRT)
        .withPath("CAs/ca.crt")
        .endItem()
        .withDefaultMode(DataPods.TLS_MODE)
        .endSecret()
        .build();
  }

  /** The kubelet probes over HTTPS; it does not verify the certificate (as for any probe). */
  private static Probe http(String path, int period, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withScheme("HTTPS")
        .withPort(new IntOrString(API_PORT))
        .endHttpGet()
        .withPeriodSeconds(period)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  private static List<io.fabric8.kubernetes.api.model.ContainerPort> ports(
      boolean console, boolean container) {
    var ports = new ArrayList<io.fabric8.kubernetes.api.model.ContainerPort>();
    ports.add(
        new io.fabric8.kubernetes.api.model.ContainerPortBuilder()
            .withName("s3")
            .withContainerPort(API_PORT)
            .withProtocol("TCP")
            .build());
    if (console) {
      ports.add(
          new io.fabric8.kubernetes.api.model.ContainerPortBuilder()
              .withName("console")
              .withContainerPort(CONSOLE_PORT)
              .withProtocol("TCP")
              .build());
    }
    return ports;
  }

  public static Service service(InstanceModel m) {
    var servicePorts = new ArrayList<ServicePort>();
    servicePorts.add(servicePort("s3", API_PORT));
    if (m.spec().getObjectStorage().getConsole()) {
      servicePorts.add(servicePort("console", CONSOLE_PORT));
    }
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(m.names().minio())
        .withNamespace(m.namespace())
        .withLabels(Labels.of(m.name(), Component.MINIO, m.spec().getVersion()))
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(Labels.selector(m.name(), Component.MINIO))
        .withPorts(servicePorts)
        .endSpec()
        .build();
  }

  private static ServicePort servicePort(String name, int port) {
    return new ServicePortBuilder()
        .withName(name)
        .withProtocol("TCP")
        .withPort(port)
        .withTargetPort(new IntOrString(name))
        .build();
  }

  /**
   * The bucket Job. Its name carries a digest of its spec, the bucket list included: the same spec
   * is the same Job (kept after it finished, so it does not run again), a changed one is a new Job.
   * A Job's pod template is immutable on a real API server, so any change (a new list, another
   * image, another endpoint) must be a new Job rather than an update of this one.
   */
  public static Job bucketJob(InstanceModel m) {
    var job = bucketJobSpec(m);
    String digest =
        DataFiles.digest(Map.of("spec", SERIALIZATION.asJson(job.getSpec()))).substring(0, 8);
    job.getMetadata().setName(m.names().minioBuckets(digest));
    return job;
  }

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static Job bucketJobSpec(InstanceModel m) {
    var buckets = ObjectStorage.buckets(m);
    var podLabels = Labels.claim(m.name(), Component.BUCKETS);
    var names = m.names();
    var env = new ArrayList<>(ObjectStorage.s3Env(m, ObjectStorage.Access.ROOT));
    env.add(plain("BUCKETS", String.join(" ", buckets)));
    env.add(plain("MC_CONFIG_DIR", "/tmp/.mc"));
    env.add(plain("CONFIG_DIR", CONFIG_DIR));
    env.add(fromSecret("MINIO_APP_USER", names.secrets(), SecretKeys.MINIO_APP_USER));
    env.add(fromSecret("MINIO_APP_PASSWORD", names.secrets(), SecretKeys.MINIO_APP_PASSWORD));
    if (ObjectStorage.backupsOn(m)) {
      env.add(plain("BACKUP_BUCKET", ObjectStorage.BACKUP_BUCKET));
      env.add(fromSecret("MINIO_BACKUP_USER", names.secrets(), SecretKeys.MINIO_BACKUP_USER));
      env.add(
          fromSecret("MINIO_BACKUP_PASSWORD", names.secrets(), SecretKeys.MINIO_BACKUP_PASSWORD));
    }
    return new JobBuilder()
        .withNewMetadata()
        .withNamespace(m.namespace())
        .withLabels(Labels.of(m.name(), Component.BUCKETS, m.spec().getVersion()))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(10)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        // The policies and lifecycle are in the ConfigMap: a change to them is a new Job too.
        .withAnnotations(Map.of(DataPods.CONFIG_DIGEST, DataFiles.digest(files(m))))
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("OnFailure")
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withSecurityContext(PodSecurity.pod(UID))
        .addNewContainer()
        .withName("buckets")
        .withImage(MC_IMAGE)
        .withImagePullPolicy("IfNotPresent")
        .withCommand("sh", CONFIG_DIR + "/" + BUCKETS_SCRIPT)
        .withEnv(env)
        .withSecurityContext(PodSecurity.container())
        .withVolumeMounts(
            mount("config", CONFIG_DIR, true),
            mount("tmp", "/tmp", false),
            mount(DataTls.CA_VOLUME, DataTls.CA_DIR, true))
        .endContainer()
        .withVolumes(
            DataPods.configVolume("config", m.names().minioConfig()),
            DataPods.emptyDir("tmp", false),
            DataTls.caVolume(DataTls.CA_VOLUME, m.names().minioTlsSecret()))
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
