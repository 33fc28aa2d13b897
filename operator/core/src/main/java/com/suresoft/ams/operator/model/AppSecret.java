package com.suresoft.ams.operator.model;

import com.suresoft.ams.operator.api.v1alpha1.spec.DatabaseMode;
import com.suresoft.ams.operator.model.data.PostgresTls;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Secret {@code <name>-secrets}. Generated keys keep the value they already have and are
 * generated only when missing; the URLs are derived from those values and the spec, so they follow
 * a change of e.g. the pooler while the passwords stay the same. Passwords in the URLs are
 * percent-encoded: a kept value may have been set by hand and hold any character.
 */
public final class AppSecret {

  private AppSecret() {}

  /**
   * @param existing the decoded data of the Secret as it is now (empty when it does not exist)
   * @param generator called only for generated keys that {@code existing} lacks
   */
  public static Secret desired(
      InstanceModel m, Map<String, String> existing, SecretValueGenerator generator) {
    var values = new TreeMap<String, String>();
    for (String key : SecretKeys.GENERATED) {
      String current = existing.get(key);
      values.put(key, current != null && !current.isEmpty() ? current : generator.generate(key));
    }
    values.put(SecretKeys.POSTGRES_USER, SecretKeys.DATABASE_USER);
    values.put(SecretKeys.POSTGRES_MONITOR_USER, SecretKeys.MONITOR_USER);
    if (m.spec().getDatabase().getMode() == DatabaseMode.Managed) {
      values.put(SecretKeys.DATABASE_URL, databaseUrl(m, values.get(SecretKeys.POSTGRES_PASSWORD)));
    }
    values.put(SecretKeys.REDIS_URL, redisUrl(m, values.get(SecretKeys.REDIS_PASSWORD)));
    var data = new TreeMap<String, String>();
    values.forEach((k, v) -> data.put(k, encode(v)));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(m.names().secrets())
        .withNamespace(m.namespace())
        .withLabels(Labels.of(m.name(), Component.SECRETS, m.spec().getVersion()))
        .endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
  }

  /** The decoded data of a Secret (empty for null). */
  public static Map<String, String> decode(Secret secret) {
    var decoded = new TreeMap<String, String>();
    if (secret != null && secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  decoded.put(
                      k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    return decoded;
  }

  /**
   * The Managed database's URL: TLS, the server's certificate verified against the CA the app's
   * pods mount ({@link PostgresTls#appCaSecret}) and the host name in the URL.
   */
  static String databaseUrl(InstanceModel m, String password) {
    var names = m.names();
    String host =
        m.spec().getDatabase().getPooler().getEnabled()
            ? names.pgbouncer()
            : names.postgresReadWrite();
    return ConnectionUrls.of(
            "postgresql", SecretKeys.DATABASE_USER, password, host, 5432, SecretKeys.DATABASE_NAME)
        + "?"
        + PostgresTls.VERIFY_FULL_QUERY;
  }

  /**
   * {@code rediss://}: Redis listens only for TLS; the client trusts the data tier's CA through
   * {@code NODE_EXTRA_CA_CERTS} ({@link com.suresoft.ams.operator.model.security.DataTls}).
   */
  static String redisUrl(InstanceModel m, String password) {
    return ConnectionUrls.of("rediss", null, password, m.names().redis(), 6379, null);
  }

  private static String encode(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
