package main

import "github.com/lgds/councilkit"

// planningFilesText is the wording of the planning journey's uploads and
// the officer's files and comments (planning_files.go), kept apart from
// i18n.go so that it merges cleanly; init adds it to the catalogue.
// Problems with a file or a comment itself come from the planning
// package, in both languages.
var planningFilesText = map[string]councilkit.Text{
	// The resident's documents page and an invalid application's page.
	"plan.docs.needed":        {English: "Documents the application needs", Welsh: "Dogfennau sydd eu hangen ar y cais"},
	"plan.docs.notyet":        {English: "Not uploaded yet", Welsh: "Heb ei lanlwytho eto"},
	"plan.docs.uploaded":      {English: "Files you have uploaded", Welsh: "Ffeiliau rydych wedi’u lanlwytho"},
	"plan.docs.remove":        {English: "Remove", Welsh: "Dileu"},
	"plan.docs.type":          {English: "What does the file show?", Welsh: "Beth mae’r ffeil yn ei ddangos?"},
	"plan.docs.type.required": {English: "Select what the file shows", Welsh: "Dewiswch beth mae’r ffeil yn ei ddangos"},
	"plan.docs.file":          {English: "File", Welsh: "Ffeil"},
	// The limit follows, as FormatFileSize writes it ("10MB").
	"plan.docs.file.hint":     {English: "A PDF, JPG or PNG, up to", Welsh: "PDF, JPG neu PNG, hyd at"},
	"plan.docs.file.required": {English: "Select a file", Welsh: "Dewiswch ffeil"},
	"plan.docs.upload":        {English: "Upload file", Welsh: "Lanlwytho ffeil"},
	"plan.doc.otherSupporting": {English: "Another document that supports the application",
		Welsh: "Dogfen arall sy’n cefnogi’r cais"},

	// The officer's application page: files.
	"plan.off.docs.none":     {English: "No files have been uploaded.", Welsh: "Nid oes unrhyw ffeiliau wedi’u lanlwytho."},
	"plan.off.docs.download": {English: "download", Welsh: "lawrlwytho"},
	"plan.off.docs.uploaded": {English: "uploaded", Welsh: "lanlwythwyd"},

	// The officer's application page: comments.
	"plan.off.comments":            {English: "Comments", Welsh: "Sylwadau"},
	"plan.off.comments.none":       {English: "No comments have been recorded.", Welsh: "Nid oes unrhyw sylwadau wedi’u cofnodi."},
	"plan.off.comments.noperiod":   {English: "The periods for comments start when consultation starts.", Welsh: "Mae’r cyfnodau ar gyfer sylwadau yn dechrau pan fydd yr ymgynghori’n dechrau."},
	"plan.off.comments.neighbours": {English: "Neighbours and others have until", Welsh: "Mae gan gymdogion ac eraill tan"},
	"plan.off.comments.consultees": {English: "Consultees must respond by", Welsh: "Rhaid i ymgyngoreion ymateb erbyn"},
	"plan.comment.kind.consultee":  {English: "Consultee", Welsh: "Ymgynghorai"},
	"plan.comment.kind.neighbour":  {English: "Neighbour", Welsh: "Cymydog"},
	"plan.comment.kind.other":      {English: "Someone else", Welsh: "Rhywun arall"},
	"plan.stance.support":          {English: "Supports the proposal", Welsh: "Yn cefnogi’r cynnig"},
	"plan.stance.object":           {English: "Objects to the proposal", Welsh: "Yn gwrthwynebu’r cynnig"},
	"plan.stance.neutral":          {English: "Neither supports nor objects", Welsh: "Nid yw’n cefnogi nac yn gwrthwynebu"},
	"plan.stance.none":             {English: "No view given", Welsh: "Dim barn wedi’i rhoi"},
	"plan.off.comment.intime":      {English: "In time", Welsh: "Mewn pryd"},
	"plan.off.comment.late":        {English: "Late", Welsh: "Hwyr"},
	"plan.off.comment.add":         {English: "Record a comment", Welsh: "Cofnodi sylw"},
	"plan.off.comment.kind":        {English: "Who made the comment?", Welsh: "Pwy wnaeth y sylw?"},
	"plan.off.comment.name":        {English: "Name", Welsh: "Enw"},
	"plan.off.comment.name.hint":   {English: "Of the person who made the comment. Not needed for a consultee.", Welsh: "Y person a wnaeth y sylw. Nid oes ei angen ar gyfer ymgynghorai."},
	"plan.off.comment.organisation": {English: "Organisation",
		Welsh: "Sefydliad"},
	"plan.off.comment.organisation.hint": {English: "The consultee, or the body a person writes for.", Welsh: "Yr ymgynghorai, neu’r corff y mae person yn ysgrifennu ar ei ran."},
	"plan.off.comment.address":           {English: "Address", Welsh: "Cyfeiriad"},
	"plan.off.comment.address.hint":      {English: "Needed for a neighbour: the house number and street.", Welsh: "Angen ar gyfer cymydog: rhif y tŷ a’r stryd."},
	"plan.off.comment.town":              {English: "Town or city", Welsh: "Tref neu ddinas"},
	"plan.off.comment.postcode":          {English: "Postcode", Welsh: "Cod post"},
	"plan.off.comment.stance":            {English: "What does the comment say of the proposal?", Welsh: "Beth mae’r sylw’n ei ddweud am y cynnig?"},
	"plan.off.comment.stance.hint":       {English: "A consultee may give advice without a view.", Welsh: "Caiff ymgynghorai roi cyngor heb farn."},
	"plan.off.comment.stance.short":      {English: "View", Welsh: "Barn"},
	"plan.off.comment.text":              {English: "Comment", Welsh: "Sylw"},
	"plan.off.comment.received":          {English: "Date received", Welsh: "Dyddiad ei dderbyn"},
	"plan.off.comment.received.invalid":  {English: "The date the comment was received must be a real date", Welsh: "Rhaid i’r dyddiad y daeth y sylw i law fod yn ddyddiad go iawn"},
	"plan.off.comment.received.future":   {English: "The date the comment was received must be today or in the past", Welsh: "Rhaid i’r dyddiad y daeth y sylw i law fod heddiw neu yn y gorffennol"},
	"plan.off.comment.record":            {English: "Record comment", Welsh: "Cofnodi’r sylw"},
}

func init() {
	for k, v := range planningFilesText {
		if _, dup := catalogue[k]; dup {
			panic("portal: catalogue key " + k + " defined twice")
		}
		catalogue[k] = v
	}
}
