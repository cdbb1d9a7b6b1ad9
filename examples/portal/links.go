package main

import (
	"net/http"
	"slices"
)

// Kinds of record a resident is linked to, in portalStore.link.
const (
	linkAdmissions = "admissions"
	linkPlanning   = "planning"
	linkFSM        = "fsm"
)

// mine returns the IDs of the records of kind the signed-in resident made
// through the portal, from the configured store (so a restart, or another
// instance, still knows them).
func (s *server) mine(r *http.Request, kind string) ([]string, error) {
	u := sessionFrom(r).User()
	if u == nil {
		return nil, nil
	}
	return s.portal.linked(r.Context(), s.site(r).council.String(), u.Subject, kind)
}

// isMine reports whether the signed-in resident made record id of kind.
func (s *server) isMine(r *http.Request, kind, id string) (bool, error) {
	ids, err := s.mine(r, kind)
	return slices.Contains(ids, id), err
}

// linkMine records that the signed-in resident made record id of kind.
func (s *server) linkMine(r *http.Request, kind, id string) error {
	return s.portal.link(r.Context(), s.site(r).council.String(), sessionFrom(r).User().Subject, kind, id)
}
