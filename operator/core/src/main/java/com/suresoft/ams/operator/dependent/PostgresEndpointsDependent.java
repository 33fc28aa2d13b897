package com.suresoft.ams.operator.dependent;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.model.data.PostgresEndpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The EndpointSlice of {@code <name>-postgres-ro}, built from the PostgreSQL pods the reconciler's
 * informer holds ({@link #PODS}): a pod that becomes ready or unready, or gets an IP, brings a
 * reconciliation ({@link com.suresoft.ams.operator.events.RelevantChanges.PostgresPods}) that
 * rewrites the slice.
 */
@KubernetesDependent(informer = @Informer(labelSelector = PostgresEndpoints.SELECTOR))
public class PostgresEndpointsDependent extends InstanceBulkDependent<EndpointSlice> {
  /** The reconciler's informer on the instance's PostgreSQL pods. */
  public static final String PODS = "postgres-pods";

  public PostgresEndpointsDependent() {
    super(EndpointSlice.class, Reads.MODEL);
  }

  @Override
  protected Map<String, EndpointSlice> desiredByName(ReconcileInputs inputs) {
    throw new UnsupportedOperationException("needs the pods; see the overload");
  }

  @Override
  protected Map<String, EndpointSlice> desiredByName(
      ReconcileInputs inputs, AmsInstance primary, Context<AmsInstance> context) {
    return Stack.postgresEndpoints(inputs.model(), replicas(inputs, primary, context));
  }

  /** The inputs, and the replicas as the slice shows them. */
  @Override
  protected Object desiredStateInputs(
      ReconcileInputs inputs, AmsInstance primary, Context<AmsInstance> context) {
    return Arrays.asList(
        super.desiredStateInputs(inputs, primary, context), replicas(inputs, primary, context));
  }

  private static List<PostgresEndpoints.Replica> replicas(
      ReconcileInputs inputs, AmsInstance primary, Context<AmsInstance> context) {
    var pods =
        List.copyOf(
            context
                .eventSourceRetriever()
                .getEventSourceFor(Pod.class, PODS)
                .getSecondaryResources(primary));
    return PostgresEndpoints.replicas(inputs.model(), pods);
  }
}
