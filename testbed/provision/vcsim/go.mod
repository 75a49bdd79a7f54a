// A wrapper around the real govmomi simulator (vcsim) for the Selfheal testbed.
// Upstream moved vcsim/ into a nested Go module that the Go module proxy does not serve, so
// `go install github.com/vmware/govmomi/vcsim@v0.56.0` fails; the simulator package itself is part of
// the main govmomi module. Keep the govmomi version equal to GOVMOMI_VERSION in versions.properties.
module selfheal.dev/testbed/vcsim

go 1.25.0

require (
	github.com/google/uuid v1.6.0
	github.com/vmware/govmomi v0.56.0
)

require (
	golang.org/x/text v0.41.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)
