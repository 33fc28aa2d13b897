package com.suresoft.ams.operator.model.data;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** A CloudNativePG {@code Pooler}; see {@link CnpgCluster} for why it is a class. */
@Group(CloudNativePg.GROUP)
@Version(CloudNativePg.VERSION)
@Kind(CloudNativePg.POOLER_KIND)
@Plural("poolers")
public class CnpgPooler extends GenericKubernetesResource implements Namespaced {}
