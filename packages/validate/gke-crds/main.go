// Command gke-crds writes the CustomResourceDefinitions that GKE's ingress
// controller (k8s.io/ingress-gce) installs for BackendConfig and
// FrontendConfig. ingress-gce ships no CRD YAML for them: its controller
// builds each CRD from the types' generated OpenAPI definitions and creates
// it through the Kubernetes API at start-up. This program runs that same
// code (crd.CRDHandler.EnsureCRD) against a loopback API server that
// records the created CRD, and writes what was created as YAML.
//
// Usage: gke-crds OUT_DIR
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	crdclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"
	backendconfig "k8s.io/ingress-gce/pkg/apis/backendconfig"
	backendconfigv1 "k8s.io/ingress-gce/pkg/apis/backendconfig/v1"
	backendconfigv1beta1 "k8s.io/ingress-gce/pkg/apis/backendconfig/v1beta1"
	frontendconfig "k8s.io/ingress-gce/pkg/apis/frontendconfig"
	frontendconfigv1beta1 "k8s.io/ingress-gce/pkg/apis/frontendconfig/v1beta1"
	"k8s.io/ingress-gce/pkg/crd"
	"k8s.io/klog/v2"
	"sigs.k8s.io/yaml"
)

const crdPath = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions"

var crdType = metav1.TypeMeta{APIVersion: "apiextensions.k8s.io/v1", Kind: "CustomResourceDefinition"}

// apiServer answers the requests EnsureCRD makes: GET of one CRD (404 until
// created, then the stored CRD reported Established) and POST of a new one.
type apiServer struct {
	mu      sync.Mutex
	created map[string]*apiextensionsv1.CustomResourceDefinition
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *apiServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case r.Method == http.MethodPost && r.URL.Path == crdPath:
		body, err := io.ReadAll(r.Body)
		obj := &apiextensionsv1.CustomResourceDefinition{}
		if err == nil {
			err = json.Unmarshal(body, obj)
		}
		if err != nil {
			writeJSON(w, http.StatusBadRequest, metav1.Status{Status: metav1.StatusFailure, Message: err.Error(), Code: http.StatusBadRequest})
			return
		}
		obj.TypeMeta = crdType
		s.created[obj.Name] = obj
		writeJSON(w, http.StatusCreated, obj)
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, crdPath+"/"):
		name := strings.TrimPrefix(r.URL.Path, crdPath+"/")
		obj, ok := s.created[name]
		if !ok {
			writeJSON(w, http.StatusNotFound, metav1.Status{
				TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"},
				Status:   metav1.StatusFailure, Reason: metav1.StatusReasonNotFound, Code: http.StatusNotFound,
				Message: fmt.Sprintf("customresourcedefinitions.apiextensions.k8s.io %q not found", name),
			})
			return
		}
		established := obj.DeepCopy()
		established.Status.Conditions = []apiextensionsv1.CustomResourceDefinitionCondition{
			{Type: apiextensionsv1.Established, Status: apiextensionsv1.ConditionTrue},
		}
		writeJSON(w, http.StatusOK, established)
	default:
		writeJSON(w, http.StatusMethodNotAllowed, metav1.Status{Status: metav1.StatusFailure, Code: http.StatusMethodNotAllowed,
			Message: fmt.Sprintf("%s %s is not served", r.Method, r.URL.Path)})
	}
}

// metas are the CRDMeta values of ingress-gce's pkg/backendconfig and
// pkg/frontendconfig (CRDMeta()), restated: those packages pull in the whole Compute API client
// (1,082 packages to compile against 466 here), so the names are restated
// while the schemas come from the API packages' OpenAPI definitions.
func metas() []*crd.CRDMeta {
	return []*crd.CRDMeta{
		crd.NewCRDMeta(backendconfig.GroupName, "BackendConfig", "BackendConfigList", "backendconfig", "backendconfigs",
			[]*crd.Version{
				crd.NewVersion("v1", "k8s.io/ingress-gce/pkg/apis/backendconfig/v1.BackendConfig", backendconfigv1.GetOpenAPIDefinitions, false),
				crd.NewVersion("v1beta1", "k8s.io/ingress-gce/pkg/apis/backendconfig/v1beta1.BackendConfig", backendconfigv1beta1.GetOpenAPIDefinitions, false),
			},
			"bc"),
		crd.NewCRDMeta(frontendconfig.GroupName, "FrontendConfig", "FrontendConfigList", "frontendconfig", "frontendconfigs",
			[]*crd.Version{crd.NewVersion("v1beta1", "k8s.io/ingress-gce/pkg/apis/frontendconfig/v1beta1.FrontendConfig", frontendconfigv1beta1.GetOpenAPIDefinitions, false)}),
	}
}

func run(out string) error {
	server := httptest.NewServer(&apiServer{created: map[string]*apiextensionsv1.CustomResourceDefinition{}})
	defer server.Close()
	// JSON, the encoding this recorder speaks (client-go would send protobuf).
	client, err := crdclient.NewForConfig(&rest.Config{
		Host:          server.URL,
		ContentConfig: rest.ContentConfig{ContentType: "application/json"},
	})
	if err != nil {
		return err
	}
	handler := crd.NewCRDHandler(client, klog.Background())
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	// Both are namespaced, as ingress-gce's controller creates them.
	for _, meta := range metas() {
		created, err := handler.EnsureCRD(meta, true)
		if err != nil {
			return err
		}
		for _, v := range created.Spec.Versions {
			if v.Schema == nil || v.Schema.OpenAPIV3Schema == nil {
				return fmt.Errorf("%s %s has no schema", created.Name, v.Name)
			}
		}
		created.Status = apiextensionsv1.CustomResourceDefinitionStatus{}
		created.TypeMeta = crdType
		data, err := yaml.Marshal(created)
		if err != nil {
			return err
		}
		file := filepath.Join(out, created.Name+".yaml")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "gke-crds: wrote %s\n", file)
	}
	return nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gke-crds OUT_DIR")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintf(os.Stderr, "gke-crds: %v\n", err)
		os.Exit(1)
	}
}
