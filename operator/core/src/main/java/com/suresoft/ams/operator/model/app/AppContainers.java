package com.suresoft.ams.operator.model.app;

import static com.suresoft.ams.operator.model.EnvVars.fromSecret;
import static com.suresoft.ams.operator.model.EnvVars.plain;

import com.suresoft.ams.operator.api.v1alpha1.spec.ComponentSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.WorkerSpec;
import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.PodSecurity;
import com.suresoft.ams.operator.model.SecretKeys;
import com.suresoft.ams.operator.model.TierDefaults;
import com.suresoft.ams.operator.model.data.CloudNativePg;
import com.suresoft.ams.operator.model.data.ObjectStorage;
import com.suresoft.ams.operator.model.data.PostgresTls;
import com.suresoft.ams.operator.model.security.DataTls;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What differs between web, API and worker: image, port, probes, environment, command, user and
 * writable paths. The Deployment around them is one builder ({@link AppDeployments}).
 */
public final class AppContainers {

  public static final int API_PORT = 4000;
  public static final int WEB_PORT = 80;
  public static final String PORT_NAME = "http";

  /** CloudNativePG with its pooler: the parts DATABASE_URL is composed of (see backendEnv). */
  static final String CNPG_USER_ENV = "AMS_DB_USER";

  static final String CNPG_PASSWORD_ENV = "AMS_DB_PASSWORD";

  /** CloudNativePG without its pooler: CNPG's {@code uri}, which DATABASE_URL extends. */
  static final String CNPG_URI_ENV = "AMS_DB_URI";

  /** Environment variables the operator sets; {@code env} entries may not override them. */
  public static final Set<String> RESERVED_ENV =
      Set.of(
          "NODE_ENV",
          "PORT",
          "DATABASE_URL",
          "REDIS_URL",
          "JWT_ACCESS_SECRET",
          "JWT_REFRESH_SECRET",
          "S3_ENDPOINT",
          "S3_ACCESS_KEY",
          "S3_SECRET_KEY",
          "S3_BUCKET",
          CNPG_USER_ENV,
          CNPG_PASSWORD_ENV,
          CNPG_URI_ENV);

  /** uid of the {@code node} user of the node:20-alpine base (the seed's USER node). */
  static final long NODE_UID = 1000;

  /** uid of the {@code nginx} user of the nginx:alpine base. */
  static final long NGINX_UID = 101;

  private AppContainers() {}

  public static long uid(Component c) {
    return c == Component.WEB ? NGINX_UID : NODE_UID;
  }

  static Container container(InstanceModel m, Component c, String version) {
    ComponentSpec spec = AppTierPlan.componentSpec(m, c);
    var builder =
        new ContainerBuilder()
            .withName(c.label())
            .withImage(image(m, c, spec, version))
            .withImagePullPolicy("IfNotPresent")
            .withResources(spec.getResources())
            .withVolumeMounts(mounts(m, c));
    var env = new ArrayList<EnvVar>();
    switch (c) {
      case WEB -> {
        builder
            .addNewPort()
            .withName(PORT_NAME)
            .withContainerPort(WEB_PORT)
            .withProtocol("TCP")
            .endPort()
            .withLivenessProbe(httpProbe("/", WEB_PORT, 10, 10))
            .withReadinessProbe(httpProbe("/", WEB_PORT, 5, 5))
            // nginx binds port 80 as a non-root user: the one capability restricted allows.
            .withSecurityContext(PodSecurity.container(List.of("NET_BIND_SERVICE")));
      }
      case API -> {
        builder
            .addNewPort()
            .withName(PORT_NAME)
            .withContainerPort(API_PORT)
            .withProtocol("TCP")
            .endPort()
            .withLivenessProbe(httpProbe("/health", API_PORT, 30, 10))
            .withReadinessProbe(httpProbe("/health/ready", API_PORT, 10, 5))
            .withSecurityContext(PodSecurity.container());
        env.addAll(apiOwnEnv(m));
      }
      case WORKER -> {
        builder
            .withCommand(((WorkerSpec) spec).getCommand())
            .withSecurityContext(PodSecurity.container());
        env.addAll(backendEnv(m));
      }
      default -> throw new IllegalArgumentException(c + " is not an app-tier component");
    }
    if (trustsDataCa(c)) {
      env.add(plain("NODE_EXTRA_CA_CERTS", DataTls.CA_FILE));
    }
    env.addAll(spec.getEnv());
    return builder.withEnv(env).build();
  }

  /**
   * The API container's whole environment (the operator's variables, then {@code spec.api.env}):
   * release Jobs that run the API image, such as the migration, need the same database and secrets.
   */
  public static List<EnvVar> apiEnv(InstanceModel m) {
    var env = new ArrayList<>(apiOwnEnv(m));
    env.addAll(m.spec().getApi().getEnv());
    return env;
  }

  private static List<EnvVar> apiOwnEnv(InstanceModel m) {
    var env = new ArrayList<>(backendEnv(m));
    env.add(plain("PORT", Integer.toString(API_PORT)));
    env.add(fromSecret("JWT_ACCESS_SECRET", m.names().secrets(), SecretKeys.JWT_ACCESS_SECRET));
    env.add(fromSecret("JWT_REFRESH_SECRET", m.names().secrets(), SecretKeys.JWT_REFRESH_SECRET));
    return env;
  }

  /** The image of a component at {@code version} ({@code spec.<component>.image} wins). */
  public static String image(InstanceModel m, Component c, String version) {
    return image(m, c, AppTierPlan.componentSpec(m, c), version);
  }

  static List<Volume> volumes(InstanceModel m, Component c) {
    var volumes = new ArrayList<Volume>();
    writablePaths(c).stream()
        .map(p -> new VolumeBuilder().withName(p.name()).withNewEmptyDir().endEmptyDir().build())
        .forEach(volumes::add);
    if (c != Component.WEB) {
      volumes.addAll(databaseCaVolumes(m));
    }
    if (trustsDataCa(c)) {
      volumes.add(DataTls.caVolume(DataTls.CA_VOLUME, DataTls.caSource(m.names())));
    }
    return volumes;
  }

  private static List<VolumeMount> mounts(InstanceModel m, Component c) {
    var mounts = new ArrayList<VolumeMount>();
    writablePaths(c).stream()
        .map(p -> new VolumeMountBuilder().withName(p.name()).withMountPath(p.path()).build())
        .forEach(mounts::add);
    if (c != Component.WEB) {
      mounts.addAll(databaseCaMounts(m));
    }
    if (trustsDataCa(c)) {
      mounts.add(
          new VolumeMountBuilder()
              .withName(DataTls.CA_VOLUME)
              .withMountPath(DataTls.CA_DIR)
              .withReadOnly(true)
              .build());
    }
    return mounts;
  }

  /**
   * The CA that DATABASE_URL's {@code sslrootcert} names, for every pod that runs the API image
   * (API, worker, migration): only {@code ca.crt} of the server the URL points at, in Managed mode.
   */
  public static List<Volume> databaseCaVolumes(InstanceModel m) {
    return PostgresTls.appCaSecret(m)
        .map(secret -> List.of(PostgresTls.caVolume(PostgresTls.CA_VOLUME, secret)))
        .orElse(List.of());
  }

  public static List<VolumeMount> databaseCaMounts(InstanceModel m) {
    return PostgresTls.appCaSecret(m).isPresent()
        ? List.of(PostgresTls.caMount(PostgresTls.CA_VOLUME))
        : List.of();
  }

  /**
   * API and worker reach Redis ({@code rediss://}) and managed MinIO ({@code https://}) over TLS:
   * they trust the data tier's CA, mounted without any key, through Node's {@code
   * NODE_EXTRA_CA_CERTS} (read at start-up; the CA is long-lived and kept).
   */
  private static boolean trustsDataCa(Component c) {
    return c == Component.API || c == Component.WORKER;
  }

  private record WritablePath(String name, String path) {}

  /** The root filesystem is read-only; these are the paths each image needs to write. */
  private static List<WritablePath> writablePaths(Component c) {
    if (c == Component.WEB) {
      return List.of(
          new WritablePath("nginx-cache", "/var/cache/nginx"),
          new WritablePath("nginx-run", "/var/run"),
          new WritablePath("tmp", "/tmp"));
    }
    return List.of(new WritablePath("tmp", "/tmp"));
  }

  private static String image(InstanceModel m, Component c, ComponentSpec spec, String version) {
    if (spec.getImage() != null) {
      return spec.getImage();
    }
    String repository = c == Component.WEB ? "ams-web" : "ams-api";
    return m.spec().getImageRegistry() + "/" + repository + ":" + version;
  }

  /**
   * What API and worker share: the seed's NODE_ENV, DATABASE_URL and REDIS_URL, and the S3 settings
   * (S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_BUCKET) in both object storage modes.
   */
  private static List<EnvVar> backendEnv(InstanceModel m) {
    var names = m.names();
    var env = new ArrayList<EnvVar>();
    env.add(plain("NODE_ENV", TierDefaults.nodeEnv(m.spec().getTier())));
    env.addAll(databaseEnv(m));
    env.add(fromSecret("REDIS_URL", names.secrets(), SecretKeys.REDIS_URL));
    env.addAll(ObjectStorage.appEnv(m));
    return env;
  }

  /**
   * DATABASE_URL by mode. Managed: the generated Secret. External: the user's Secret.
   * CloudNativePG: CNPG's app Secret {@code <name>-postgres-app}; its {@code uri} points at the
   * primary and has no query, so without the pooler DATABASE_URL is that {@code uri} with
   * verify-full against CNPG's CA appended; with the pooler on the URL is composed from the
   * Secret's user and password and the Pooler's Service (Kubernetes expands {@code $(VAR)} from
   * earlier variables; CNPG's generated passwords are alphanumeric, safe in a URL).
   */
  private static List<EnvVar> databaseEnv(InstanceModel m) {
    var names = m.names();
    var db = m.spec().getDatabase();
    return switch (db.getMode()) {
      case External ->
          List.of(fromSecret("DATABASE_URL", db.getExternalSecretName(), SecretKeys.DATABASE_URL));
      case CloudNativePG ->
          db.getPooler().getEnabled()
              ? List.of(
                  fromSecret(CNPG_USER_ENV, names.cnpgAppSecret(), CloudNativePg.KEY_USERNAME),
                  fromSecret(CNPG_PASSWORD_ENV, names.cnpgAppSecret(), CloudNativePg.KEY_PASSWORD),
                  plain(
                      "DATABASE_URL",
                      "postgresql://$("
                          + CNPG_USER_ENV
                          + "):$("
                          + CNPG_PASSWORD_ENV
                          + ")@"
                          + names.pgbouncer()
                          + ":5432/"
                          + SecretKeys.DATABASE_NAME))
              : List.of(
                  fromSecret(CNPG_URI_ENV, names.cnpgAppSecret(), CloudNativePg.KEY_URI),
                  plain(
                      "DATABASE_URL", "$(" + CNPG_URI_ENV + ")?" + PostgresTls.VERIFY_FULL_QUERY));
      case Managed -> List.of(fromSecret("DATABASE_URL", names.secrets(), SecretKeys.DATABASE_URL));
    };
  }

  private static Probe httpProbe(String path, int port, int initialDelay, int period) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(port))
        .endHttpGet()
        .withInitialDelaySeconds(initialDelay)
        .withPeriodSeconds(period)
        .build();
  }
}
