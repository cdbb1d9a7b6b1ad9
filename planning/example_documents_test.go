package planning_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/planningtest"
)

func ExampleNewDocumentFile() {
	ctx := context.Background()
	lambeth := councilkit.MustParseCouncil("E09000022")
	store := planning.NewMemDocumentStore()
	at := time.Date(2025, 6, 2, 9, 45, 0, 0, time.UTC)

	// The browser's name and Content-Type count for nothing: the content
	// is a PDF, so the file is one.
	content := planningtest.SamplePDF("Location plan", 0)
	f, err := planning.NewDocumentFile(planning.DocumentUpload{
		ID: "d1", ApplicationID: "a1", Type: planning.DocLocationPlan,
		Name: `C:\Users\ann\location plan.html`, Content: content, Uploaded: at,
		UploadedBy: events.Actor{Kind: events.ActorResident},
	}, planning.DocumentLimits{})
	if err != nil {
		panic(err)
	}
	if err := store.Create(ctx, lambeth, f, content); err != nil {
		panic(err)
	}
	fmt.Println(f.Name, f.MediaType)

	// A web page named like a PDF is refused, in English and Welsh.
	_, err = planning.NewDocumentFile(planning.DocumentUpload{
		ID: "d2", ApplicationID: "a1", Type: planning.DocSitePlanProposed,
		Name: "site plan.pdf", Content: []byte("<html><script>alert(1)</script></html>"), Uploaded: at,
	}, planning.DocumentLimits{})
	var ve *councilkit.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Printf("%s (%s): %s / %s\n", p.Field, p.Code, p.Message.English, p.Message.Welsh)
		}
	}

	// The application's files, without their content.
	list, _ := store.List(ctx, lambeth, planning.DocumentFilter{ApplicationID: "a1"})
	fmt.Println(len(list), list[0].Type)
	// Output:
	// location plan.html.pdf application/pdf
	// file (document_type): The selected file must be a PDF, JPG or PNG / Rhaid i'r ffeil a ddewiswyd fod yn PDF, JPG neu PNG
	// 1 locationPlan
}

func ExampleConsulteeResponseEnd() {
	ctx := context.Background()
	lambeth := councilkit.MustParseCouncil("E09000022")
	store := planning.NewMemCommentStore()
	officer := events.WithActor(ctx, events.Actor{Kind: events.ActorOfficer, ID: "officer-1"})

	// Notices went to the neighbours, and the highway authority was
	// consulted, on 20 May 2025.
	notices := calendar.MustDate(2025, 5, 20)
	neighbour := &planning.Comment{
		ID: "c1", ApplicationID: "a1", Kind: planning.CommentNeighbour, Stance: planning.StanceObject,
		Commenter: planningtest.NewComment(lambeth, "", "").Commenter,
		Text:      "The dormer would overlook our garden.",
		Received:  calendar.MustDate(2025, 6, 10),
		// 21 days beginning with the notice, and one more for the spring
		// bank holiday on 26 May (DMPO 2015 art. 33(1)).
		PeriodEnds: planning.ConsultationEnd(planning.EnglandHolidays(), notices, planning.NoticeNeighbour),
		Recorded:   time.Date(2025, 6, 10, 11, 0, 0, 0, time.UTC),
	}
	consultee := &planning.Comment{
		ID: "c2", ApplicationID: "a1", Kind: planning.CommentConsultee,
		Commenter: planning.Commenter{Organisation: "Lambeth highways"},
		Text:      "No objection.",
		Received:  calendar.MustDate(2025, 6, 10),
		// 21 days beginning with the day it received the plans, holidays
		// and all (art. 22).
		PeriodEnds: planning.ConsulteeResponseEnd(notices),
		Recorded:   time.Date(2025, 6, 10, 16, 0, 0, 0, time.UTC),
	}
	for _, c := range []*planning.Comment{neighbour, consultee} {
		if err := store.Create(officer, lambeth, c); err != nil {
			panic(err)
		}
	}
	list, _ := store.List(ctx, lambeth, planning.CommentFilter{ApplicationID: "a1"})
	for _, c := range list {
		fmt.Println(c.Kind, c.Stance, c.Received, "period ends", c.PeriodEnds, "in period:", c.InPeriod())
	}
	// Output:
	// neighbour object 2025-06-10 period ends 2025-06-10 in period: true
	// consultee none 2025-06-10 period ends 2025-06-09 in period: false
}
