package com.suresoft.ams.operator.model;

import java.util.List;

/** The parts of an AMS stack, as named in labels ({@code app.kubernetes.io/component}). */
public enum Component {
  WEB("web", Tier.APP),
  API("api", Tier.APP),
  WORKER("worker", Tier.APP),
  POSTGRES("postgres", Tier.DATA),
  PGBOUNCER("pgbouncer", Tier.DATA),
  REDIS("redis", Tier.DATA),
  MINIO("minio", Tier.DATA),
  /** The backup CronJob's pods. */
  BACKUP("backup", Tier.DATA),
  /**
   * The MinIO bucket Job's pods: a label of their own, so the MinIO Service (which selects {@code
   * minio}) never sends S3 requests to a pod that serves nothing.
   */
  BUCKETS("buckets", Tier.DATA),
  MIGRATION("migration", Tier.APP),
  /** The blue-green smoke check Job run against the preview Service. */
  SMOKE_CHECK("smoke-check", Tier.APP),
  INGRESS("ingress", Tier.EDGE),
  SECRETS("secrets", Tier.EDGE),
  /** The data tier's CA and server certificates (Secrets, or cert-manager's objects). */
  TLS("tls", Tier.EDGE),
  /** Alert rules and the dashboard, which belong to the instance as a whole. */
  MONITORING("monitoring", Tier.EDGE),
  /** NetworkPolicies that cover every pod of the instance (default deny, DNS). */
  NETWORK("network", Tier.EDGE);

  /**
   * Which tier a component belongs to, carried as the label {@code ams.suresoft.com/tier}:
   * informers select their objects by it with an equality selector (set-based selectors are not
   * understood everywhere, e.g. by fabric8's mock server).
   */
  public enum Tier {
    APP("app"),
    DATA("data"),
    EDGE("edge");

    private final String label;

    Tier(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Web, API and worker: released together, one Deployment per slot. */
  public static final List<Component> APP_TIER = List.of(WEB, API, WORKER);

  /** The data tier's workloads, whose readiness the app tier waits for. */
  public static final List<Component> DATA_TIER = List.of(POSTGRES, PGBOUNCER, REDIS, MINIO);

  private final String label;
  private final Tier tier;

  Component(String label, Tier tier) {
    this.label = label;
    this.tier = tier;
  }

  public Tier tier() {
    return tier;
  }

  /** The value of the component label and the part of object names that names the component. */
  public String label() {
    return label;
  }
}
