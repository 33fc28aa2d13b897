package com.suresoft.ams.operator.model;

import com.suresoft.ams.operator.model.app.AppAutoscalers;
import com.suresoft.ams.operator.model.app.AppDeployments;
import com.suresoft.ams.operator.model.app.AppHttpRoute;
import com.suresoft.ams.operator.model.app.AppIngress;
import com.suresoft.ams.operator.model.app.AppServices;
import com.suresoft.ams.operator.model.data.DataTier;
import com.suresoft.ams.operator.model.data.DataTierInputs;
import com.suresoft.ams.operator.model.monitoring.AlertRules;
import com.suresoft.ams.operator.model.monitoring.Dashboard;
import com.suresoft.ams.operator.model.monitoring.ServiceMonitors;
import com.suresoft.ams.operator.model.rollout.IstioRouting;
import com.suresoft.ams.operator.model.rollout.NginxCanaryIngress;
import com.suresoft.ams.operator.model.rollout.ReleaseServices;
import com.suresoft.ams.operator.model.rollout.ReleaseView;
import com.suresoft.ams.operator.model.security.DataTls;
import com.suresoft.ams.operator.model.security.DisruptionBudgets;
import com.suresoft.ams.operator.model.security.ExternalSecrets;
import com.suresoft.ams.operator.model.security.NetworkPolicies;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every object an instance becomes, in apply order; what {@code render} prints. Other operators'
 * kinds come in the newest version the operator writes (no cluster to ask); on a cluster that
 * serves only an older one the operator writes that ({@link ServedVersions}).
 */
public final class Stack {
  private Stack() {}

  public static List<HasMetadata> objects(
      InstanceModel m,
      ReleaseView release,
      Map<String, String> existingSecret,
      SecretValueGenerator secretValues) {
    var objects = new ArrayList<HasMetadata>();
    Map<String, String> secretData;
    var external = ExternalSecrets.desired(m, OptionalCrd.EXTERNAL_SECRET.newestApiVersion());
    if (external.isPresent()) {
      objects.add(external.get());
      secretData = existingSecret;
    } else {
      var secret = AppSecret.desired(m, existingSecret, secretValues);
      objects.add(secret);
      secretData = AppSecret.decode(secret);
    }
    // The data tier's certificates as cert-manager issues them; where cert-manager is missing
    // the operator writes the same Secrets itself (GeneratedTls), keys that a render cannot show.
    objects.addAll(DataTls.certManagerObjects(m).values());
    objects.addAll(DataTier.objects(m, DataTierInputs.fresh()));
    var plan = release.appTier();
    var routing = release.routing();
    objects.addAll(AppDeployments.desired(m, plan, secretData).values());
    objects.addAll(AppServices.desired(m, routing).values());
    objects.addAll(ReleaseServices.preview(m, routing).values());
    objects.addAll(ReleaseServices.canary(m, routing).values());
    objects.addAll(ReleaseServices.stable(m, routing).values());
    objects.addAll(AppAutoscalers.desired(m, plan).values());
    AppIngress.desired(m).ifPresent(objects::add);
    NginxCanaryIngress.desired(m, routing).ifPresent(objects::add);
    AppHttpRoute.desired(m, routing).ifPresent(objects::add);
    String istio = OptionalCrd.ISTIO.newestApiVersion();
    objects.addAll(IstioRouting.virtualServices(m, routing, istio).values());
    objects.addAll(IstioRouting.destinationRules(m, routing, istio).values());
    objects.addAll(NetworkPolicies.desired(m).values());
    objects.addAll(DisruptionBudgets.desired(m).values());
    objects.addAll(ServiceMonitors.desired(m).values());
    AlertRules.desired(m).ifPresent(objects::add);
    Dashboard.desired(m).ifPresent(objects::add);
    return objects;
  }
}
