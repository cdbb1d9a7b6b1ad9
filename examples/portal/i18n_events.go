package main

import "github.com/lgds/councilkit"

// eventsCatalogue holds the strings of the event pages (events_pages.go),
// merged into catalogue at start so that they are checked with the rest.
var eventsCatalogue = map[string]councilkit.Text{
	"nav.tracking":          {English: "Your applications", Welsh: "Eich ceisiadau"},
	"journey.tracking.hint": {English: "See where your payments and applications have got to, and what happens next.", Welsh: "Gweld ble mae eich taliadau a’ch ceisiadau wedi cyrraedd, a beth sy’n digwydd nesaf."},
	"tracking.title":        {English: "Your applications and payments", Welsh: "Eich ceisiadau a’ch taliadau"},
	"tracking.intro":        {English: "What you have applied for and paid for while signed in, where each has got to and what happens next.", Welsh: "Yr hyn rydych wedi gwneud cais amdano a thalu amdano tra oeddech wedi mewngofnodi, ble mae pob un wedi cyrraedd a beth sy’n digwydd nesaf."},
	"tracking.status":       {English: "Status", Welsh: "Statws"},
	"tracking.changed":      {English: "Last updated", Welsh: "Diweddarwyd ddiwethaf"},
	"tracking.decisiondue":  {English: "Decision due by", Welsh: "Rhaid penderfynu erbyn"},
	"tracking.next":         {English: "What happens next", Welsh: "Beth sy’n digwydd nesaf"},
	"tracking.nothing":      {English: "Nothing more: this is finished.", Welsh: "Dim byd arall: mae hwn wedi’i gwblhau."},
	"tracking.overdue":      {English: "Overdue", Welsh: "Yn hwyr"},
	"tracking.none":         {English: "You have no applications or payments yet. Those you make while signed in will be listed here.", Welsh: "Does gennych chi ddim ceisiadau na thaliadau eto. Bydd y rhai a wnewch tra byddwch wedi mewngofnodi yn cael eu rhestru yma."},

	"devmessages.title":     {English: "Messages sent", Welsh: "Negeseuon a anfonwyd"},
	"devmessages.caption":   {English: "Local development only", Welsh: "Datblygu lleol yn unig"},
	"devmessages.warning":   {English: "These messages went to a fake GOV.UK Notify inside this portal. No one received them.", Welsh: "Aeth y negeseuon hyn i GOV.UK Notify ffug y tu mewn i’r porth hwn. Ni chafodd neb nhw."},
	"devmessages.to":        {English: "To", Welsh: "At"},
	"devmessages.sent":      {English: "Sent on", Welsh: "Anfonwyd ar"},
	"devmessages.body":      {English: "Message", Welsh: "Neges"},
	"devmessages.reference": {English: "Notify reference", Welsh: "Cyfeirnod Notify"},
	"devmessages.none":      {English: "No messages have been sent yet.", Welsh: "Does dim negeseuon wedi’u hanfon eto."},

	"webhooks.title":        {English: "Webhook endpoints", Welsh: "Pwyntiau terfyn bachau gwe"},
	"webhooks.secret.title": {English: "Signing secret", Welsh: "Cyfrinach llofnodi"},
	"webhooks.secret.body":  {English: "Give this secret to the receiving system now: it is not shown again.", Welsh: "Rhowch y gyfrinach hon i’r system sy’n derbyn nawr: ni chaiff ei dangos eto."},
	"webhooks.description":  {English: "Description", Welsh: "Disgrifiad"},
	"webhooks.types":        {English: "Event types", Welsh: "Mathau o ddigwyddiad"},
	"webhooks.types.hint":   {English: "Choose the events this endpoint receives.", Welsh: "Dewiswch y digwyddiadau y mae’r pwynt terfyn hwn yn eu derbyn."},
	"webhooks.state":        {English: "State", Welsh: "Cyflwr"},
	"webhooks.enabled":      {English: "Enabled", Welsh: "Wedi’i alluogi"},
	"webhooks.disabled":     {English: "Disabled", Welsh: "Wedi’i analluogi"},
	"webhooks.rotating":     {English: "Two secrets", Welsh: "Dwy gyfrinach"},
	"webhooks.rotate":       {English: "Rotate secret", Welsh: "Newid y gyfrinach"},
	"webhooks.retire":       {English: "Retire old secret", Welsh: "Dileu’r hen gyfrinach"},
	"webhooks.enable":       {English: "Enable", Welsh: "Galluogi"},
	"webhooks.disable":      {English: "Disable", Welsh: "Analluogi"},
	"webhooks.none":         {English: "No endpoints are registered.", Welsh: "Does dim pwyntiau terfyn wedi’u cofrestru."},
	"webhooks.register":     {English: "Register an endpoint", Welsh: "Cofrestru pwynt terfyn"},
	"webhooks.url":          {English: "Endpoint URL", Welsh: "URL y pwynt terfyn"},
	"webhooks.url.hint":     {English: "The https:// address of the receiving system.", Welsh: "Cyfeiriad https:// y system sy’n derbyn."},
	"webhooks.toomany":      {English: "The council has as many endpoints as allowed.", Welsh: "Mae gan y cyngor gynifer o bwyntiau terfyn ag a ganiateir."},

	"deliveries.title":              {English: "Webhook deliveries", Welsh: "Danfoniadau bachau gwe"},
	"deliveries.state.pending":      {English: "Pending", Welsh: "Yn aros"},
	"deliveries.state.delivered":    {English: "Delivered", Welsh: "Wedi’i ddanfon"},
	"deliveries.state.dead":         {English: "Dead letter", Welsh: "Wedi methu’n derfynol"},
	"deliveries.error.timeout":      {English: "No answer in time", Welsh: "Dim ateb mewn pryd"},
	"deliveries.error.connection":   {English: "Could not connect", Welsh: "Methu cysylltu"},
	"deliveries.error.cancelled":    {English: "Stopped", Welsh: "Wedi’i atal"},
	"deliveries.error.request":      {English: "Request could not be made", Welsh: "Methu gwneud y cais"},
	"deliveries.replay.failed":      {English: "The receiver refused the delivery again", Welsh: "Gwrthododd y derbynnydd y danfoniad eto"},
	"deliveries.replay.failed.body": {English: "The attempt is recorded below. Check the receiving system and try again.", Welsh: "Mae’r ymgais wedi’i chofnodi isod. Gwiriwch y system sy’n derbyn a rhowch gynnig arall arni."},
	"deliveries.replay.done":        {English: "Delivery sent again", Welsh: "Danfoniad wedi’i anfon eto"},
	"deliveries.replay.done.body":   {English: "The receiver accepted it.", Welsh: "Derbyniodd y derbynnydd ef."},
	"deliveries.filter":             {English: "Show deliveries that are", Welsh: "Dangos danfoniadau sydd"},
	"deliveries.all":                {English: "In any state", Welsh: "Mewn unrhyw gyflwr"},
	"deliveries.show":               {English: "Show", Welsh: "Dangos"},
	"deliveries.caption":            {English: "Deliveries, newest first", Welsh: "Danfoniadau, y diweddaraf yn gyntaf"},
	"deliveries.event":              {English: "Event", Welsh: "Digwyddiad"},
	"deliveries.attempts":           {English: "Attempts", Welsh: "Ymdrechion"},
	"deliveries.last":               {English: "Last answer", Welsh: "Ateb diwethaf"},
	"deliveries.actions":            {English: "Actions", Welsh: "Camau gweithredu"},
	"deliveries.replay":             {English: "Replay", Welsh: "Ailanfon"},
	"deliveries.none":               {English: "No deliveries.", Welsh: "Dim danfoniadau."},
}

func init() {
	for k, v := range eventsCatalogue {
		if _, dup := catalogue[k]; dup {
			panic("portal: catalogue key " + k + " defined twice")
		}
		catalogue[k] = v
	}
}
