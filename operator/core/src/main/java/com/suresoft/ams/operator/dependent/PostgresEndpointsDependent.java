package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.cache.LeanStore;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.data.PostgresEndpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;
import java.util.Map;

/**
 * The EndpointSlice of {@code <name>-postgres-ro}, built from the PostgreSQL pods the reconciler's
 * informer holds ({@link #PODS}): a pod that becomes ready or unready, or gets an IP, brings a
 * reconciliation ({@link com.suresoft.ams.operator.events.RelevantChanges.PostgresPods}) that
 * rewrites the slice.
 */
@KubernetesDependent(
    informer = @Informer(itemStore = LeanStore.class, labelSelector = PostgresEndpoints.SELECTOR))
public class PostgresEndpointsDependent
    extends InstanceBulkDependent<EndpointSlice, PostgresEndpointsDependent.Inputs> {
  /** The reconciler's informer on the instance's PostgreSQL pods. */
  public static final String PODS = "postgres-pods";

  /** What the slice is built from: the resolved spec and the replicas as their pods show them. */
  public record Inputs(InstanceModel model, List<PostgresEndpoints.Replica> replicas) {
    public Inputs {
      replicas = List.copyOf(replicas);
    }
  }

  public PostgresEndpointsDependent() {
    super(EndpointSlice.class);
  }

  @Override
  public Inputs inputs(ReconcileInputs pass, AmsInstance primary, Context<AmsInstance> context) {
    var pods =
        List.copyOf(
            context
                .eventSourceRetriever()
                .getEventSourceFor(Pod.class, PODS)
                .getSecondaryResources(primary));
    return new Inputs(pass.model(), PostgresEndpoints.replicas(pass.model(), pods));
  }

  @Override
  public Map<String, EndpointSlice> build(Inputs inputs) {
    return Stack.postgresEndpoints(inputs.model(), inputs.replicas());
  }
}
