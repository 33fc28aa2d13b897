package com.suresoft.ams.operator.model;

import com.suresoft.ams.operator.api.v1alpha1.spec.AmsInstanceSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.AnalysisSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.AutoscalingSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.BackupSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.BlueGreenSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.CanarySpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.CanaryStep;
import com.suresoft.ams.operator.api.v1alpha1.spec.ComponentSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.DatabaseMode;
import com.suresoft.ams.operator.api.v1alpha1.spec.DatabaseSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.ExternalSecretsSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.HeaderRoute;
import com.suresoft.ams.operator.api.v1alpha1.spec.IngressSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.MigrationSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.MonitoringSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.ObjectStorageMode;
import com.suresoft.ams.operator.api.v1alpha1.spec.ObjectStorageSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.PauseStep;
import com.suresoft.ams.operator.api.v1alpha1.spec.PoolerSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.RedisSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.ReleaseStrategy;
import com.suresoft.ams.operator.api.v1alpha1.spec.SecretStoreRef;
import com.suresoft.ams.operator.api.v1alpha1.spec.SecretsProvider;
import com.suresoft.ams.operator.api.v1alpha1.spec.SecretsSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.StorageSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.Tier;
import com.suresoft.ams.operator.api.v1alpha1.spec.TlsSpec;
import com.suresoft.ams.operator.api.v1alpha1.spec.TrafficRouter;
import com.suresoft.ams.operator.api.v1alpha1.spec.WorkerSpec;
import com.suresoft.ams.operator.model.rollout.CanaryHeader;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one place defaults live: an unset field takes the default of the instance's tier, then of the
 * field. {@link #resolve} returns a copy of the spec with every field the operator reads set, so
 * builders never deal with nulls. Production carries the seed's figures.
 */
public final class TierDefaults {

  public static final String DEFAULT_REGISTRY = "ghcr.io/suresoft";
  public static final String POSTGRES_IMAGE = "postgres:15-alpine";
  public static final String REDIS_IMAGE = "redis:7-alpine";
  public static final String MINIO_IMAGE =
      "minio/minio:RELEASE.2024-11-07T00-52-20Z@sha256:ac591851803a79aee64bc37f66d77c56b0a4b6e12d9e5356380f4105510f2332";

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private TierDefaults() {}

  /** A fully defaulted copy of {@code spec}; the argument is not changed. */
  public static AmsInstanceSpec resolve(AmsInstanceSpec spec) {
    var r = JSON.clone(spec);
    var tier = r.getTier() == null ? Tier.Development : r.getTier();
    r.setTier(tier);
    boolean prod = tier == Tier.Production;
    boolean staging = tier == Tier.Staging;
    boolean shared = prod || staging;

    r.setImageRegistry(or(r.getImageRegistry(), DEFAULT_REGISTRY));
    r.setImagePullSecrets(or(r.getImagePullSecrets(), List.of()));
    r.setPaused(or(r.getPaused(), false));

    r.setWeb(
        component(
            r.getWeb(),
            ComponentSpec::new,
            prod ? 3 : staging ? 2 : 1,
            resources("64Mi", "50m", "128Mi", "200m"),
            new HpaDefaults(false, prod ? 3 : staging ? 2 : 1, prod ? 6 : 4)));
    r.setApi(
        component(
            r.getApi(),
            ComponentSpec::new,
            prod ? 3 : staging ? 2 : 1,
            shared
                ? resources("256Mi", "250m", "512Mi", "500m")
                : resources("128Mi", "100m", "512Mi", "500m"),
            new HpaDefaults(shared, prod ? 3 : staging ? 2 : 1, prod ? 10 : staging ? 5 : 3)));
    var worker =
        component(
            r.getWorker(),
            WorkerSpec::new,
            prod ? 2 : 1,
            shared
                ? resources("256Mi", "250m", "512Mi", "500m")
                : resources("128Mi", "100m", "512Mi", "500m"),
            new HpaDefaults(shared, prod ? 2 : 1, prod ? 8 : staging ? 4 : 2));
    worker.setCommand(or(worker.getCommand(), List.of("npm", "run", "worker")));
    r.setWorker(worker);

    r.setDatabase(database(r.getDatabase(), tier));
    r.setRedis(redis(r.getRedis(), tier));
    r.setObjectStorage(objectStorage(r.getObjectStorage(), tier));
    r.setIngress(ingress(r.getIngress(), tier));
    r.setSecrets(secrets(r.getSecrets(), tier));
    r.setMonitoring(monitoring(r.getMonitoring(), shared));
    r.setRelease(release(r.getRelease()));
    return r;
  }

  /** {@code NODE_ENV} of the API and worker. */
  public static String nodeEnv(Tier tier) {
    return tier == Tier.Local || tier == Tier.Development ? "development" : "production";
  }

  private record HpaDefaults(boolean enabled, int min, int max) {}

  private static <T extends ComponentSpec> T component(
      T given, Supplier<T> empty, int replicas, ResourceRequirements resources, HpaDefaults hpa) {
    T c = given == null ? empty.get() : given;
    c.setReplicas(or(c.getReplicas(), replicas));
    c.setResources(withDefaults(c.getResources(), resources));
    c.setEnv(or(c.getEnv(), List.of()));
    var a = or(c.getAutoscaling(), new AutoscalingSpec());
    a.setEnabled(or(a.getEnabled(), hpa.enabled()));
    a.setMinReplicas(or(a.getMinReplicas(), hpa.min()));
    a.setMaxReplicas(or(a.getMaxReplicas(), hpa.max()));
    a.setTargetCPUUtilizationPercentage(or(a.getTargetCPUUtilizationPercentage(), 70));
    a.setTargetMemoryUtilizationPercentage(or(a.getTargetMemoryUtilizationPercentage(), 80));
    c.setAutoscaling(a);
    return c;
  }

  private static DatabaseSpec database(DatabaseSpec given, Tier tier) {
    var d = or(given, new DatabaseSpec());
    boolean prod = tier == Tier.Production;
    boolean shared = prod || tier == Tier.Staging;
    d.setMode(or(d.getMode(), DatabaseMode.Managed));
    d.setInstances(or(d.getInstances(), prod ? 3 : tier == Tier.Staging ? 2 : 1));
    d.setImage(or(d.getImage(), POSTGRES_IMAGE));
    d.setStorage(
        storage(d.getStorage(), prod ? "20Gi" : shared ? "10Gi" : "2Gi", prod ? "ssd" : null));
    d.setResources(
        withDefaults(
            d.getResources(),
            shared
                ? resources("1Gi", "500m", "2Gi", "1000m")
                : resources("256Mi", "100m", "1Gi", "500m")));
    var p = or(d.getPooler(), new PoolerSpec());
    p.setEnabled(or(p.getEnabled(), shared));
    p.setMaxClientConnections(or(p.getMaxClientConnections(), prod ? 200 : 100));
    p.setDefaultPoolSize(or(p.getDefaultPoolSize(), 20));
    d.setPooler(p);
    var b = or(d.getBackup(), new BackupSpec());
    b.setEnabled(or(b.getEnabled(), shared));
    b.setSchedule(or(b.getSchedule(), "0 2 * * *"));
    b.setRetentionDays(or(b.getRetentionDays(), prod ? 30 : 7));
    d.setBackup(b);
    return d;
  }

  private static RedisSpec redis(RedisSpec given, Tier tier) {
    var r = or(given, new RedisSpec());
    boolean prod = tier == Tier.Production;
    r.setImage(or(r.getImage(), REDIS_IMAGE));
    r.setStorage(storage(r.getStorage(), prod ? "5Gi" : "1Gi", null));
    r.setResources(
        withDefaults(
            r.getResources(),
            prod
                ? resources("256Mi", "100m", "512Mi", "500m")
                : resources("64Mi", "50m", "256Mi", "250m")));
    r.setAppendOnly(or(r.getAppendOnly(), true));
    return r;
  }

  private static ObjectStorageSpec objectStorage(ObjectStorageSpec given, Tier tier) {
    var o = or(given, new ObjectStorageSpec());
    boolean prod = tier == Tier.Production;
    o.setMode(or(o.getMode(), ObjectStorageMode.Managed));
    o.setImage(or(o.getImage(), MINIO_IMAGE));
    o.setStorage(storage(o.getStorage(), prod ? "50Gi" : "10Gi", null));
    o.setResources(
        withDefaults(
            o.getResources(),
            prod
                ? resources("512Mi", "250m", "1Gi", "1000m")
                : resources("128Mi", "50m", "512Mi", "500m")));
    o.setBuckets(or(o.getBuckets(), List.of("ams-assets", "ams-backups")));
    o.setConsole(or(o.getConsole(), false));
    return o;
  }

  private static IngressSpec ingress(IngressSpec given, Tier tier) {
    var i = or(given, new IngressSpec());
    i.setEnabled(or(i.getEnabled(), true));
    i.setClassName(or(i.getClassName(), "nginx"));
    i.setRateLimitRps(or(i.getRateLimitRps(), 100));
    var t = or(i.getTls(), new TlsSpec());
    boolean shared = tier == Tier.Production || tier == Tier.Staging;
    t.setEnabled(or(t.getEnabled(), shared));
    t.setClusterIssuer(
        or(
            t.getClusterIssuer(),
            tier == Tier.Production ? "letsencrypt-prod" : "letsencrypt-staging"));
    i.setTls(t);
    return i;
  }

  private static SecretsSpec secrets(SecretsSpec given, Tier tier) {
    var s = or(given, new SecretsSpec());
    s.setProvider(or(s.getProvider(), SecretsProvider.Generated));
    if (s.getProvider() == SecretsProvider.ExternalSecrets) {
      var e = or(s.getExternalSecrets(), new ExternalSecretsSpec());
      e.setRefreshInterval(or(e.getRefreshInterval(), "1h"));
      e.setRemoteKeyPrefix(or(e.getRemoteKeyPrefix(), "ams/" + tier.name().toLowerCase()));
      var ref = or(e.getSecretStoreRef(), new SecretStoreRef());
      ref.setKind(or(ref.getKind(), "SecretStore"));
      e.setSecretStoreRef(ref);
      s.setExternalSecrets(e);
    }
    return s;
  }

  private static MonitoringSpec monitoring(MonitoringSpec given, boolean on) {
    var m = or(given, new MonitoringSpec());
    m.setServiceMonitor(or(m.getServiceMonitor(), on));
    m.setAlertRules(or(m.getAlertRules(), on));
    m.setDashboard(or(m.getDashboard(), on));
    return m;
  }

  private static ReleaseSpec release(ReleaseSpec given) {
    var r = or(given, new ReleaseSpec());
    r.setStrategy(or(r.getStrategy(), ReleaseStrategy.RollingUpdate));
    r.setProgressDeadlineSeconds(or(r.getProgressDeadlineSeconds(), 600));
    r.setAbortScaleDownDelaySeconds(or(r.getAbortScaleDownDelaySeconds(), 30));
    var bg = or(r.getBlueGreen(), new BlueGreenSpec());
    bg.setPreviewService(or(bg.getPreviewService(), true));
    bg.setScaleDownDelaySeconds(or(bg.getScaleDownDelaySeconds(), 30));
    r.setBlueGreen(bg);
    var c = or(r.getCanary(), new CanarySpec());
    c.setTrafficRouter(or(c.getTrafficRouter(), TrafficRouter.Istio));
    var h = or(c.getHeaderRoute(), new HeaderRoute());
    h.setName(or(h.getName(), CanaryHeader.DEFAULT_NAME));
    // The value's default is the instance's token (CanaryHeader), set by InstanceModel.of.
    c.setHeaderRoute(h);
    c.setSteps(or(c.getSteps(), defaultCanarySteps()));
    if (c.getAnalysis() != null) {
      AnalysisSpec a = c.getAnalysis();
      a.setIntervalSeconds(or(a.getIntervalSeconds(), 60));
      a.setFailureLimit(or(a.getFailureLimit(), 2));
      a.setConsecutiveErrorLimit(or(a.getConsecutiveErrorLimit(), 4));
      a.setMaxErrorRate(or(a.getMaxErrorRate(), 0.05));
      a.setMaxP95LatencySeconds(or(a.getMaxP95LatencySeconds(), 1.0));
    }
    r.setCanary(c);
    var m = or(r.getMigration(), new MigrationSpec());
    m.setEnabled(or(m.getEnabled(), true));
    m.setCommand(or(m.getCommand(), List.of("npx", "prisma", "migrate", "deploy")));
    m.setActiveDeadlineSeconds(or(m.getActiveDeadlineSeconds(), 600));
    r.setMigration(m);
    return r;
  }

  private static List<CanaryStep> defaultCanarySteps() {
    var steps = new ArrayList<CanaryStep>();
    steps.add(weight(10));
    steps.add(pause(null));
    steps.add(weight(50));
    steps.add(pause(60));
    return steps;
  }

  private static CanaryStep weight(int percent) {
    var s = new CanaryStep();
    s.setSetWeight(percent);
    return s;
  }

  private static CanaryStep pause(Integer seconds) {
    var s = new CanaryStep();
    var p = new PauseStep();
    p.setDurationSeconds(seconds);
    s.setPause(p);
    return s;
  }

  private static StorageSpec storage(StorageSpec given, String size, String storageClass) {
    var s = or(given, new StorageSpec());
    s.setSize(or(s.getSize(), size));
    s.setStorageClassName(or(s.getStorageClassName(), storageClass));
    return s;
  }

  private static ResourceRequirements resources(
      String memoryRequest, String cpuRequest, String memoryLimit, String cpuLimit) {
    return new ResourceRequirementsBuilder()
        .addToRequests("memory", new Quantity(memoryRequest))
        .addToRequests("cpu", new Quantity(cpuRequest))
        .addToLimits("memory", new Quantity(memoryLimit))
        .addToLimits("cpu", new Quantity(cpuLimit))
        .build();
  }

  /** Fills each of requests/limits cpu/memory the user left out; keeps what they set. */
  private static ResourceRequirements withDefaults(
      ResourceRequirements given, ResourceRequirements defaults) {
    if (given == null) {
      return defaults;
    }
    var merged = JSON.clone(given);
    merged.setRequests(mergeQuantities(given.getRequests(), defaults.getRequests()));
    merged.setLimits(mergeQuantities(given.getLimits(), defaults.getLimits()));
    return merged;
  }

  private static Map<String, Quantity> mergeQuantities(
      Map<String, Quantity> given, Map<String, Quantity> defaults) {
    var merged = new java.util.LinkedHashMap<>(defaults);
    if (given != null) {
      merged.putAll(given);
    }
    return merged;
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
