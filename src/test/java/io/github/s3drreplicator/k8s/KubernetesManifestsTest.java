package io.github.s3drreplicator.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.s3drreplicator.config.Settings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Reads every manifest of the Kustomize base in {@code k8s/} into the typed fabric8 Kubernetes model (custom
 * resources as {@link GenericKubernetesResource}) and checks what running the replicator on Kubernetes relies on, so a
 * broken manifest fails the build rather than a rollout. Also the monitoring that ships with it: the PrometheusRule
 * against the plain rules file in {@code k8s/monitoring/}, the Grafana dashboard's ConfigMap, the NetworkPolicy.
 */
class KubernetesManifestsTest {

    private static final Path BASE_DIR = Path.of(System.getProperty("basedir", "."));
    private static final Path K8S = BASE_DIR.resolve("k8s");
    private static final Path K8S_ROUTES = K8S.resolve("routes");
    private static final Path BUILT_IN_ROUTES = BASE_DIR.resolve("src/main/resources/routes");

    private static final String NAME = "s3-dr-replicator";
    private static final String ROUTES_CONFIG_MAP = "replicator-routes";
    private static final String SETTINGS_CONFIG_MAP = "replicator-config";
    private static final String DASHBOARD_CONFIG_MAP = "s3-dr-replicator-dashboard";
    private static final Path ALERT_RULES = K8S.resolve("monitoring/s3-dr-replicator-alerts.yaml");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** Manifest file name to what it holds, in file name order. */
    private static Map<String, HasMetadata> manifests;
    private static GenericKubernetesResource kustomization;
    private static Properties builtInProperties;
    private static Properties deployedProperties;

    @BeforeAll
    static void readManifests() throws IOException {
        manifests = new TreeMap<>();
        for (String file : manifestFiles()) {
            Object parsed;
            try (InputStream in = Files.newInputStream(K8S.resolve(file))) {
                parsed = SERIALIZATION.unmarshal(in);
            }
            assertThat(parsed).as("%s holds exactly one Kubernetes object", file).isInstanceOf(HasMetadata.class);
            manifests.put(file, (HasMetadata) parsed);
        }
        try (InputStream in = Files.newInputStream(K8S.resolve("kustomization.yaml"))) {
            kustomization = SERIALIZATION.unmarshal(in, GenericKubernetesResource.class);
        }
        builtInProperties = properties(BASE_DIR.resolve("src/main/resources/application.properties"));
        deployedProperties = properties(K8S.resolve("application.properties"));
    }

    // ---- the Kustomize base as a whole ----

    @Test
    void kustomizationListsEveryManifestFile() {
        assertThat(manifests).as("manifests in k8s/").isNotEmpty();
        assertThat(kustomization.getApiVersion()).isEqualTo("kustomize.config.k8s.io/v1beta1");
        assertThat(kustomization.getKind()).isEqualTo("Kustomization");
        List<String> resources = kustomization.get("resources");
        assertThat(resources).as("kustomization.yaml resources").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(manifests.keySet());
    }

    @Test
    void everythingIsDeployedIntoTheNamespaceTheManifestsCreate() {
        Namespace namespace = only(Namespace.class);
        assertThat((String) kustomization.get("namespace")).isEqualTo(namespace.getMetadata().getName());
    }

    @Test
    void builtInKindsParseIntoTheirTypedModelAndCustomResourcesIntoGenericOnes() {
        Map<String, String> typeByFile = new TreeMap<>();
        manifests.forEach((file, object) -> typeByFile.put(file, object.getClass().getSimpleName()));
        assertThat(typeByFile).containsOnly(
                Map.entry("namespace.yaml", "Namespace"),
                Map.entry("serviceaccount.yaml", "ServiceAccount"),
                Map.entry("deployment.yaml", "Deployment"),
                Map.entry("poddisruptionbudget.yaml", "PodDisruptionBudget"),
                Map.entry("service.yaml", "Service"),
                Map.entry("networkpolicy.yaml", "NetworkPolicy"),
                Map.entry("servicemonitor.yaml", "GenericKubernetesResource"),
                Map.entry("prometheusrule.yaml", "GenericKubernetesResource"),
                Map.entry("triggerauthentication.yaml", "GenericKubernetesResource"),
                Map.entry("scaledobject.yaml", "GenericKubernetesResource"));
    }

    @Test
    void typedManifestsHaveNoMisspelledOrUnknownFields() {
        // the model keeps a field it does not know (livenesProbe, readonlyRootFilesystem) aside instead of failing
        manifests.forEach((file, object) -> {
            if (!(object instanceof GenericKubernetesResource)) {
                List<String> unknown = new ArrayList<>();
                collectUnknownFields(object, object.getKind(), unknown);
                assertThat(unknown).as("fields in %s that Kubernetes does not know", file).isEmpty();
            }
        });
    }

    @Test
    void customResourcesUseOnlyFieldsTheirOperatorsKnow() {
        GenericKubernetesResource scaledObject = custom("ScaledObject");
        assertThat(fieldNames(scaledObject, "spec")).isSubsetOf("scaleTargetRef", "minReplicaCount",
                "maxReplicaCount", "pollingInterval", "cooldownPeriod", "initialCooldownPeriod", "idleReplicaCount",
                "fallback", "advanced", "triggers");
        List<Map<String, Object>> triggers = scaledObject.get("spec", "triggers");
        for (Map<String, Object> trigger : triggers) {
            assertThat(trigger.keySet()).isSubsetOf("type", "name", "metadata", "authenticationRef", "metricType",
                    "useCachedMetrics");
        }
        assertThat(fieldNames(custom("TriggerAuthentication"), "spec")).isSubsetOf("podIdentity");
        GenericKubernetesResource serviceMonitor = custom("ServiceMonitor");
        assertThat(fieldNames(serviceMonitor, "spec")).isSubsetOf("selector", "endpoints", "namespaceSelector",
                "jobLabel", "targetLabels", "podTargetLabels", "sampleLimit");
        List<Map<String, Object>> endpoints = serviceMonitor.get("spec", "endpoints");
        for (Map<String, Object> endpoint : endpoints) {
            assertThat(endpoint.keySet()).isSubsetOf("port", "path", "interval", "scrapeTimeout", "scheme",
                    "honorLabels", "relabelings", "metricRelabelings");
        }
        GenericKubernetesResource rule = custom("PrometheusRule");
        assertThat(fieldNames(rule, "spec")).containsExactly("groups");
        List<Map<String, Object>> groups = rule.get("spec", "groups");
        for (Map<String, Object> group : groups) {
            assertThat(group.keySet()).isSubsetOf("name", "interval", "rules", "limit", "query_offset",
                    "partial_response_strategy");
            List<Map<String, Object>> rules = GenericKubernetesResource.get(group, "rules");
            for (Map<String, Object> each : rules) {
                assertThat(each.keySet()).isSubsetOf("alert", "record", "expr", "for", "keep_firing_for", "labels",
                        "annotations");
            }
        }
    }

    // ---- the Deployment ----

    @Test
    void deploymentRunsTwoReplicasOfTheReplicator() {
        Deployment deployment = deployment();
        assertThat(deployment.getMetadata().getName()).isEqualTo(NAME);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(podLabels()).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(pod().getContainers()).hasSize(1);
    }

    @Test
    void rolloutNeverStopsAnOldPodBeforeItsReplacementIsReady() {
        var strategy = deployment().getSpec().getStrategy();
        assertThat(strategy.getType()).isEqualTo("RollingUpdate");
        assertThat(strategy.getRollingUpdate().getMaxUnavailable()).isEqualTo(new IntOrString(0));
        assertThat(strategy.getRollingUpdate().getMaxSurge()).isEqualTo(new IntOrString(1));
    }

    @Test
    void deploymentProbesHitTheManagementHealthEndpoints() {
        Container container = container();
        int managementPort = Integer.parseInt(builtInProperties.getProperty("camel.management.port"));
        assertThat(container.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .contains(tuple("management", managementPort));
        assertThat(managementPort).isEqualTo(9876);

        Probe liveness = container.getLivenessProbe();
        Probe readiness = container.getReadinessProbe();
        assertThat(liveness).as("liveness probe").isNotNull();
        assertThat(readiness).as("readiness probe").isNotNull();
        assertThat(liveness.getHttpGet().getPath()).isEqualTo("/observe/health/live");
        assertThat(readiness.getHttpGet().getPath()).isEqualTo("/observe/health/ready");
        assertThat(containerPort(liveness.getHttpGet().getPort())).isEqualTo(managementPort);
        assertThat(containerPort(readiness.getHttpGet().getPort())).isEqualTo(managementPort);
        // the management server listens on 127.0.0.1 by default, which the kubelet cannot reach
        assertThat(env("CAMEL_MANAGEMENT_HOST")).isEqualTo("0.0.0.0");
    }

    @Test
    void deploymentRequestsAndLimitsCpuAndMemory() {
        Map<String, Quantity> requests = container().getResources().getRequests();
        Map<String, Quantity> limits = container().getResources().getLimits();
        assertThat(requests).as("requests").containsKeys("cpu", "memory");
        assertThat(limits).as("limits").containsKeys("cpu", "memory");
        for (String resource : List.of("cpu", "memory")) {
            assertThat(Quantity.getAmountInBytes(requests.get(resource)))
                    .as("%s request within its limit", resource)
                    .isPositive()
                    .isLessThanOrEqualTo(Quantity.getAmountInBytes(limits.get(resource)));
        }
    }

    @Test
    void podRunsAsNonRootWithAReadOnlyRootFilesystemAndNoCapabilities() {
        assertThat(pod().getSecurityContext().getRunAsNonRoot()).isTrue();
        var containerSecurity = container().getSecurityContext();
        assertThat(containerSecurity.getReadOnlyRootFilesystem()).isTrue();
        assertThat(containerSecurity.getAllowPrivilegeEscalation()).isFalse();
        assertThat(containerSecurity.getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(containerSecurity.getCapabilities().getDrop()).contains("ALL");
        assertThat(containerSecurity.getCapabilities().getAdd()).isNullOrEmpty();
    }

    @Test
    void onlyTmpIsWritableThroughAnEmptyDir() {
        Set<String> emptyDirs = pod().getVolumes().stream().filter(volume -> volume.getEmptyDir() != null)
                .map(Volume::getName).collect(Collectors.toSet());
        assertThat(emptyDirs).as("emptyDir volumes").hasSize(1);
        List<VolumeMount> mounts = container().getVolumeMounts();
        assertThat(mounts).filteredOn(mount -> emptyDirs.contains(mount.getName()))
                .extracting(VolumeMount::getMountPath).containsExactly("/tmp");
        assertThat(mounts).filteredOn(mount -> !Boolean.TRUE.equals(mount.getReadOnly()))
                .as("writable mounts").extracting(VolumeMount::getMountPath).containsExactly("/tmp");
    }

    @Test
    void terminationGracePeriodOutlastsTheShutdownTimeoutOfInFlightCopies() {
        long shutdownTimeout = Long.parseLong(builtInProperties.getProperty("camel.main.shutdown-timeout").trim());
        assertThat(pod().getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(60L)
                .isGreaterThanOrEqualTo(2 * shutdownTimeout);
    }

    @Test
    void podDisruptionBudgetKeepsOneReplicaAvailable() {
        PodDisruptionBudget budget = only(PodDisruptionBudget.class);
        assertThat(budget.getSpec().getMinAvailable()).isEqualTo(new IntOrString(1));
        assertThat(budget.getSpec().getMinAvailable().getIntVal()).isLessThan(deployment().getSpec().getReplicas());
        assertThat(podLabels()).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
    }

    // ---- AWS credentials (IRSA) ----

    @Test
    void serviceAccountCarriesTheIrsaRoleFromConfig() throws IOException {
        ServiceAccount account = only(ServiceAccount.class);
        assertThat(pod().getServiceAccountName()).isEqualTo(account.getMetadata().getName());
        assertThat(account.getMetadata().getAnnotations())
                .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/" + NAME);

        // config/ creates the role for one service account in one namespace: these ones
        JsonNode trust = new ObjectMapper()
                .readTree(BASE_DIR.resolve("config/replicator-role-trust-policy.json").toFile());
        JsonNode conditions = trust.at("/Statement/0/Condition/StringEquals");
        assertThat(trust.at("/Statement/0/Action").asText()).isEqualTo("sts:AssumeRoleWithWebIdentity");
        assertThat(conditions.get("${OIDC_PROVIDER}:sub").asText())
                .isEqualTo("system:serviceaccount:${NAMESPACE}:${SERVICE_ACCOUNT}");
        String setup = Files.readString(BASE_DIR.resolve("config/README.md"));
        assertThat(exported(setup, "ROLE_NAME")).isEqualTo(NAME);
        assertThat(exported(setup, "NAMESPACE")).isEqualTo(kustomization.get("namespace"));
        assertThat(exported(setup, "SERVICE_ACCOUNT")).isEqualTo(account.getMetadata().getName());
    }

    // ---- routes and settings from ConfigMaps ----

    @Test
    void configMapGeneratorsHoldTheSettingsAndEveryRouteFile() throws IOException {
        assertThat(generatorFiles(SETTINGS_CONFIG_MAP)).containsExactly("application.properties");
        List<String> routeFiles = fileNames(K8S_ROUTES).stream().map(name -> "routes/" + name).toList();
        assertThat(routeFiles).isNotEmpty();
        assertThat(generatorFiles(ROUTES_CONFIG_MAP)).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(routeFiles);
    }

    @Test
    void everyBuiltInRouteHasAnIdenticalCopyInTheRoutesConfigMap() throws IOException {
        List<String> builtIn = fileNames(BUILT_IN_ROUTES);
        assertThat(builtIn).isNotEmpty();
        assertThat(fileNames(K8S_ROUTES)).as("k8s/routes/ against src/main/resources/routes/")
                .containsExactlyElementsOf(builtIn);
        for (String name : builtIn) {
            assertThat(Files.mismatch(BUILT_IN_ROUTES.resolve(name), K8S_ROUTES.resolve(name)))
                    .as("k8s/routes/%s differs from src/main/resources/routes/%s: copy it again", name, name)
                    .isEqualTo(-1L);
        }
    }

    @Test
    void deploymentLoadsItsRoutesFromTheMountedRoutesConfigMap() {
        String routesDir = mountPathOfConfigMap(ROUTES_CONFIG_MAP);
        assertThat(routesDir).isEqualTo("/etc/replicator/routes");
        assertThat(env("CAMEL_MAIN_ROUTES_INCLUDE_PATTERN")).isEqualTo("file:" + routesDir + "/*.yaml");
    }

    @Test
    void deploymentReadsTheMountedSettingsAheadOfTheBuiltInOnes() {
        String settingsDir = mountPathOfConfigMap(SETTINGS_CONFIG_MAP);
        assertThat(env("CAMEL_MAIN_PROPERTY_PLACEHOLDER_LOCATION"))
                .isEqualTo("file:" + settingsDir + "/application.properties,classpath:application.properties");
    }

    // ---- metrics ----

    @Test
    void serviceExposesTheManagementPortForScraping() {
        Service service = only(Service.class);
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort)
                .containsExactly(tuple("management", 9876));
        assertThat(containerPort(service.getSpec().getPorts().get(0).getTargetPort())).isEqualTo(9876);
        assertThat(podLabels()).containsAllEntriesOf(service.getSpec().getSelector());
    }

    @Test
    void serviceMonitorScrapesTheMetricsEndpointThroughTheService() {
        GenericKubernetesResource monitor = custom("ServiceMonitor");
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        Map<String, String> selected = monitor.get("spec", "selector", "matchLabels");
        assertThat(only(Service.class).getMetadata().getLabels()).containsAllEntriesOf(selected);
        List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
        assertThat(endpoints).hasSize(1);
        assertThat(endpoints.get(0)).containsEntry("port", "management").containsEntry("path", "/observe/metrics");
    }

    @Test
    void prometheusRuleHoldsExactlyThePlainRulesFile() throws IOException {
        GenericKubernetesResource rule = custom("PrometheusRule");
        assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", NAME);
        JsonNode plain = new ObjectMapper(new YAMLFactory()).readTree(ALERT_RULES.toFile());
        JsonNode inTheManifest = new ObjectMapper().valueToTree(rule.get("spec", "groups"));
        assertThat(inTheManifest)
                .as("spec.groups of prometheusrule.yaml against the groups of %s", K8S.relativize(ALERT_RULES))
                .isEqualTo(plain.get("groups"));
    }

    @Test
    void grafanaDashboardIsAConfigMapTheGrafanaSidecarLoads() throws IOException {
        assertThat(generatorFiles(DASHBOARD_CONFIG_MAP)).containsExactly("monitoring/grafana-dashboard.json");
        Map<String, Object> generator = generator(DASHBOARD_CONFIG_MAP);
        Map<String, String> labels = GenericKubernetesResource.get(generator, "options", "labels");
        assertThat(labels).containsEntry("grafana_dashboard", "1");
        JsonNode dashboard = new ObjectMapper().readTree(K8S.resolve("monitoring/grafana-dashboard.json").toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo(NAME);
        assertThat(dashboard.path("panels")).isNotEmpty();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("datasource").path("uid").asText()).as("datasource of %s", panel.path("title"))
                    .isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as("queries of %s", panel.path("title")).isNotEmpty()
                    .allMatch(target -> !target.path("expr").asText().isBlank());
        }
    }

    @Test
    void networkPolicyAdmitsOnlyTheMonitoringNamespaceToTheManagementPort() {
        NetworkPolicy policy = only(NetworkPolicy.class);
        assertThat(podLabels()).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        // ingress only: the replicator calls AWS endpoints, which no egress rule could name
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress()).hasSize(1);
        NetworkPolicyIngressRule rule = policy.getSpec().getIngress().get(0);
        assertThat(rule.getFrom()).hasSize(1);
        NetworkPolicyPeer peer = rule.getFrom().get(0);
        assertThat(peer.getPodSelector()).as("any pod of the namespace, not some").isNull();
        assertThat(peer.getIpBlock()).isNull();
        assertThat(peer.getNamespaceSelector().getMatchExpressions()).isNullOrEmpty();
        assertThat(peer.getNamespaceSelector().getMatchLabels())
                .containsExactly(Map.entry("kubernetes.io/metadata.name", "monitoring"));
        assertThat(rule.getPorts()).hasSize(1);
        NetworkPolicyPort port = rule.getPorts().get(0);
        assertThat(port.getProtocol()).isEqualTo("TCP");
        assertThat(port.getEndPort()).isNull();
        assertThat(containerPort(port.getPort())).isEqualTo(9876)
                .isEqualTo(Integer.parseInt(builtInProperties.getProperty("camel.management.port").trim()));
    }

    // ---- autoscaling ----

    @Test
    void scaledObjectScalesTheDeploymentOnTheQueueDepthBetweenTwoAndTen() {
        GenericKubernetesResource scaled = custom("ScaledObject");
        assertThat(scaled.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
        Map<String, Object> target = scaled.get("spec", "scaleTargetRef");
        assertThat(target).containsEntry("name", deployment().getMetadata().getName())
                .containsEntry("kind", "Deployment").containsEntry("apiVersion", "apps/v1");
        assertThat((Integer) scaled.get("spec", "minReplicaCount")).isEqualTo(2)
                .isEqualTo(deployment().getSpec().getReplicas());
        assertThat((Integer) scaled.get("spec", "maxReplicaCount")).isEqualTo(10);

        List<Map<String, Object>> triggers = scaled.get("spec", "triggers");
        assertThat(triggers).hasSize(1);
        Map<String, Object> trigger = triggers.get(0);
        assertThat(trigger).containsEntry("type", "aws-sqs-queue");
        Map<String, Object> metadata = GenericKubernetesResource.get(trigger, "metadata");
        String region = deployedProperties.getProperty(Settings.SOURCE_REGION.key(),
                Settings.SOURCE_REGION.defaultValue()).trim();
        assertThat(metadata).containsEntry("queueLength", "100").containsEntry("awsRegion", region)
                .doesNotContainKey("identityOwner")
                .containsEntry("queueURL", "https://sqs." + region + ".amazonaws.com/"
                        + deployedProperties.getProperty("replicator.aws.account-id").trim() + "/"
                        + deployedProperties.getProperty("replicator.queue").trim());
        assertThat((String) GenericKubernetesResource.get(trigger, "authenticationRef", "name"))
                .isEqualTo(custom("TriggerAuthentication").getMetadata().getName());
    }

    @Test
    void triggerAuthenticationUsesAwsPodIdentityAndNoStaticKeys() {
        GenericKubernetesResource auth = custom("TriggerAuthentication");
        assertThat(auth.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
        assertThat((String) auth.get("spec", "podIdentity", "provider")).isEqualTo("aws");
        assertThat(fieldNames(auth, "spec")).containsExactly("podIdentity");
    }

    // ---- the image ----

    @Test
    void imageRunsAsTheUserAndExposesThePortTheDeploymentExpects() throws Exception {
        Element jib = jibConfiguration();
        assertThat(jib).as("the jib-maven-plugin in pom.xml").isNotNull();
        assertThat(text(jib, "user")).isEqualTo("10001:10001");
        assertThat(pod().getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod().getSecurityContext().getRunAsGroup()).isEqualTo(10001L);
        assertThat(text(jib, "port")).isEqualTo("9876");
    }

    // ---- helpers ----

    private static List<String> manifestFiles() throws IOException {
        return fileNames(K8S).stream().filter(name -> !name.equals("kustomization.yaml")).toList();
    }

    /** The *.yaml files directly in a directory, sorted. */
    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml")).sorted().toList();
        }
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    private static <T extends HasMetadata> T only(Class<T> type) {
        List<T> found = manifests.values().stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as("manifests of type %s", type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    private static GenericKubernetesResource custom(String kind) {
        List<GenericKubernetesResource> found = manifests.values().stream()
                .filter(GenericKubernetesResource.class::isInstance).map(GenericKubernetesResource.class::cast)
                .filter(resource -> kind.equals(resource.getKind())).toList();
        assertThat(found).as("%s manifests", kind).hasSize(1);
        return found.get(0);
    }

    private static Set<String> fieldNames(GenericKubernetesResource resource, String field) {
        Map<String, Object> value = resource.get(field);
        assertThat(value).as("%s of %s", field, resource.getKind()).isNotNull();
        return new TreeSet<>(value.keySet());
    }

    private static Deployment deployment() {
        return only(Deployment.class);
    }

    private static PodSpec pod() {
        return deployment().getSpec().getTemplate().getSpec();
    }

    private static Map<String, String> podLabels() {
        return deployment().getSpec().getTemplate().getMetadata().getLabels();
    }

    private static Container container() {
        return pod().getContainers().get(0);
    }

    private static String env(String name) {
        List<EnvVar> matching = container().getEnv().stream().filter(env -> env.getName().equals(name)).toList();
        assertThat(matching).as("env %s", name).hasSize(1);
        return matching.get(0).getValue();
    }

    /** A port given by number or by the name of one of the container's ports, as a number. */
    private static int containerPort(IntOrString port) {
        assertThat(port).isNotNull();
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container().getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()));
    }

    private static String mountPathOfConfigMap(String configMap) {
        List<String> volumes = pod().getVolumes().stream()
                .filter(volume -> volume.getConfigMap() != null && configMap.equals(volume.getConfigMap().getName()))
                .map(Volume::getName).toList();
        assertThat(volumes).as("volumes of ConfigMap %s", configMap).hasSize(1);
        List<VolumeMount> mounts = container().getVolumeMounts().stream()
                .filter(mount -> mount.getName().equals(volumes.get(0))).toList();
        assertThat(mounts).as("mounts of ConfigMap %s", configMap).hasSize(1);
        assertThat(mounts.get(0).getReadOnly()).as("ConfigMap %s mounted read-only", configMap).isTrue();
        assertThat(mounts.get(0).getSubPath()).as("subPath mounts never see an edited ConfigMap").isNull();
        return mounts.get(0).getMountPath();
    }

    private static List<String> generatorFiles(String configMap) {
        List<String> files = GenericKubernetesResource.get(generator(configMap), "files");
        return files == null ? List.of() : files;
    }

    private static Map<String, Object> generator(String configMap) {
        List<Map<String, Object>> generators = kustomization.get("configMapGenerator");
        assertThat(generators).as("configMapGenerator").isNotNull();
        List<Map<String, Object>> named = generators.stream().filter(g -> configMap.equals(g.get("name"))).toList();
        assertThat(named).as("configMapGenerator %s", configMap).hasSize(1);
        return named.get(0);
    }

    private static String exported(String text, String variable) {
        Matcher matcher = Pattern.compile("\\b" + variable + "=(\\S+)").matcher(text);
        assertThat(matcher.find()).as("config/README.md sets %s", variable).isTrue();
        return matcher.group(1);
    }

    private static Element jibConfiguration() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(BASE_DIR.resolve("pom.xml").toFile());
        var plugins = pom.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if ("jib-maven-plugin".equals(text(plugin, "artifactId"))) {
                var configurations = plugin.getElementsByTagName("configuration");
                return configurations.getLength() == 0 ? null : (Element) configurations.item(0);
            }
        }
        return null;
    }

    private static String text(Element parent, String tag) {
        var elements = parent.getElementsByTagName(tag);
        assertThat(elements.getLength()).as("<%s>", tag).isEqualTo(1);
        return elements.item(0).getTextContent().trim();
    }

    /**
     * Walks a typed model object and records every field that went into an {@code additionalProperties} map, which is
     * where the fabric8 model puts what the Kubernetes API does not define.
     */
    private static void collectUnknownFields(Object value, String path, List<String> unknown) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                collectUnknownFields(element, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, element) -> collectUnknownFields(element, path + "." + key, unknown));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model.")) {
            return;
        }
        for (Method method : value.getClass().getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != 0
                    || !method.getName().startsWith("get") || method.getDeclaringClass() == Object.class) {
                continue;
            }
            Object property;
            try {
                property = method.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                fail("cannot read %s.%s: %s", path, method.getName(), e);
                return;
            }
            if (method.getName().equals("getAdditionalProperties")) {
                if (property instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
            } else if (!(value instanceof Quantity) && !(value instanceof IntOrString)) {
                String name = method.getName().substring(3);
                collectUnknownFields(property, path + "." + Character.toLowerCase(name.charAt(0))
                        + name.substring(1), unknown);
            }
        }
    }
}
