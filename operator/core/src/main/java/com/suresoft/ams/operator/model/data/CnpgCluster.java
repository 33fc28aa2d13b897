package com.suresoft.ams.operator.model.data;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A CloudNativePG {@code Cluster}, untyped inside but with its group, version, kind and plural
 * fixed here: the client then needs no API discovery for it, so an informer for it can be created
 * (and never started) on a cluster without the CRD.
 */
@Group(CloudNativePg.GROUP)
@Version(CloudNativePg.VERSION)
@Kind(CloudNativePg.CLUSTER_KIND)
@Plural("clusters")
public class CnpgCluster extends GenericKubernetesResource implements Namespaced {}
