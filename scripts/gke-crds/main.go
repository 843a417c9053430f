// Command gke-crds writes the CustomResourceDefinitions of GKE's
// BackendConfig and FrontendConfig, which ingress-gce generates from its Go
// types at start-up (no CRD YAML is published), using ingress-gce's own
// generator against an in-memory API server client. Used by
// scripts/ensure-tools.sh; argument: the output folder.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset/fake"
	"k8s.io/apimachinery/pkg/runtime"
	k8stesting "k8s.io/client-go/testing"
	"k8s.io/ingress-gce/pkg/backendconfig"
	"k8s.io/ingress-gce/pkg/crd"
	"k8s.io/ingress-gce/pkg/frontendconfig"
	"k8s.io/klog/v2"
	"sigs.k8s.io/yaml"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gke-crds OUTPUT_DIR")
		os.Exit(2)
	}
	client := fake.NewSimpleClientset()
	// The in-memory client has no controller: mark CRDs Established on create.
	client.PrependReactor("create", "customresourcedefinitions",
		func(action k8stesting.Action) (bool, runtime.Object, error) {
			obj := action.(k8stesting.CreateAction).GetObject().(*apiextensionsv1.CustomResourceDefinition)
			obj.Status.Conditions = append(obj.Status.Conditions, apiextensionsv1.CustomResourceDefinitionCondition{
				Type:   apiextensionsv1.Established,
				Status: apiextensionsv1.ConditionTrue,
			})
			return false, nil, nil
		})
	handler := crd.NewCRDHandler(client, klog.Background())
	for _, meta := range []*crd.CRDMeta{backendconfig.CRDMeta(), frontendconfig.CRDMeta()} {
		c, err := handler.EnsureCRD(meta, true)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		c.APIVersion = "apiextensions.k8s.io/v1"
		c.Kind = "CustomResourceDefinition"
		c.Status = apiextensionsv1.CustomResourceDefinitionStatus{}
		out, err := yaml.Marshal(c)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := os.WriteFile(filepath.Join(os.Args[1], c.Name+".yaml"), out, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
