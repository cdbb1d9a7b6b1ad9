package events

import "embed"

// Schemas holds the published JSON Schemas (draft 2020-12): event.json for
// the envelope, and one file per type, named by its short name
// ("payment.succeeded.v1.json"), for its data.
//
//go:embed schemas/*.json
var Schemas embed.FS
