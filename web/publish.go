package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/record"
	"github.com/blandby/blandby/store"
)

// publishPath is the ministry's page for publishing a list year.
const publishPath = "/offentliggoerelse"

func init() {
	pageNames = append(pageNames, "publish")
	deniedTexts[auth.ActionPublish] = "web.publish.denied"
}

// publishPageRoutes are the UI routes of publishing.
func (s *Server) publishPageRoutes() []route {
	return []route{
		{"GET " + publishPath, auth.ActionPublish, s.publishPage},
		{"POST " + publishPath, auth.ActionPublish, s.publishPost},
	}
}

// publishView is the publishing page's data: the preview of the year
// (app.PublishPreview) with what the page says of it in words.
type publishView struct {
	*app.Preview
	// Refusal is why the computation cannot be published, in words (""
	// when it can); Stale are the differences of a stale computation.
	Refusal string
	Stale   []staleRow
	// Done says what was just published ("" otherwise).
	Done string
	// Message is the refusal of the publication just asked for.
	Message string
	// ConfirmError is set when the confirmation was not ticked.
	ConfirmError string
	CSRF         string
	Path         string
	// PrevYear is the year before Year, whose lists the page compares.
	PrevYear int
}

// staleRow is a difference between a list a computation read and the
// list published now, in words.
type staleRow struct {
	Year          int
	Area          string
	Computed, Now string
}

func (s *Server) publishPage(w http.ResponseWriter, r *http.Request) error {
	year := 0
	if v := r.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 1 {
			return blandby.InvalidField("year", msg.Text("web.publish.bad_year", v))
		}
		year = y
	}
	v := publishView{}
	if rev := r.URL.Query().Get("offentliggjort"); rev != "" && year > 0 {
		n, err := strconv.Atoi(rev)
		if err != nil || n < 1 {
			return blandby.InvalidField("offentliggjort", msg.Text("web.publish.bad_revision", rev))
		}
		pub, err := s.st.Publication(r.Context(), year, n)
		if err != nil {
			return err
		}
		v.Done = s.published(lang(w, r), pub)
	}
	return s.renderPublish(w, r, http.StatusOK, year, v)
}

// renderPublish renders the page for year (0: app.PublishPreview's
// default) with what v already holds.
func (s *Server) renderPublish(w http.ResponseWriter, r *http.Request, status, year int, v publishView) error {
	l := lang(w, r)
	p, err := app.PublishPreview(r.Context(), s.st, s.cat, webActor(r), year)
	if err != nil {
		return err
	}
	v.Preview, v.Path, v.PrevYear = p, publishPath, p.Year-1
	if p.Refusal != nil {
		v.Refusal, v.Stale = s.refusal(r.Context(), l, p.Refusal)
	}
	if id := identityOf(r); id.session != "" {
		v.CSRF = auth.CSRFToken(id.sessionID)
	}
	return s.render(w, r, status, "publish", msg.T(l, "web.publish.title"), v)
}

// publishPost publishes the computation the page showed, through
// app.Publish, once its checking is confirmed; the browser is then sent
// to the page saying what was published (post/redirect/get).
func (s *Server) publishPost(w http.ResponseWriter, r *http.Request) error {
	if err := s.postedForm(w, r, 64<<10, auth.ActionPublish, "publish form"); err != nil {
		return err
	}
	l := lang(w, r)
	year, err := strconv.Atoi(r.PostFormValue("year"))
	if err != nil || year < 1 {
		return blandby.InvalidField("year", msg.Text("web.publish.bad_year", r.PostFormValue("year")))
	}
	id, err := strconv.ParseInt(r.PostFormValue("computation"), 10, 64)
	if err != nil || id < 1 {
		return blandby.InvalidField("computation", msg.Text("web.publish.bad_computation", r.PostFormValue("computation")))
	}
	if r.PostFormValue("confirm") != "yes" {
		return s.renderPublish(w, r, http.StatusBadRequest, year, publishView{ConfirmError: msg.T(l, "web.publish.confirm_missing")})
	}
	pub, err := app.Publish(r.Context(), s.st, s.cat, webActor(r), app.PublishRequest{Year: year, ComputationID: id, SoftwareVersion: s.opts.Version})
	if err != nil {
		switch blandby.CodeOf(err) {
		case blandby.CodeConflict, blandby.CodeInvalid, blandby.CodeNotFound:
			var v publishView
			if !previewShows(err) {
				v.Message, _ = s.refusal(r.Context(), l, err)
			}
			return s.renderPublish(w, r, httpStatus(err), year, v)
		}
		return err
	}
	s.data.expire()
	q := url.Values{"year": {strconv.Itoa(pub.Year)}, "offentliggjort": {strconv.Itoa(pub.Revision)}}
	http.Redirect(w, r, publishPath+"?"+q.Encode(), http.StatusSeeOther)
	return nil
}

// expire makes the next read of the index read the store again: the
// server has just published a list.
func (c *cache) expire() {
	c.mu.Lock()
	c.indexedAt = time.Time{}
	c.mu.Unlock()
}

// published says what a publication published: the year, its revision and
// the areas on each of its lists.
func (s *Server) published(l blandby.Lang, pub *store.Publication) string {
	rs, err := s.cat.ByID(pub.RuleSet)
	if err != nil {
		return msg.T(l, "web.publish.done", pub.Year, pub.Revision, "")
	}
	var parts []string
	for _, li := range rs.Lists {
		n := 0
		for _, e := range pub.Entries {
			if e.Category.On(li.Category) {
				n++
			}
		}
		parts = append(parts, explain.ListName(rs, li.Category, l)+": "+msg.N(l, "web.publish.areas", n, explain.Int(int64(n), l)))
	}
	return msg.T(l, "web.publish.done", pub.Year, pub.Revision, strings.Join(parts, "; "))
}

// refusal says in words why a computation is not published, and lists the
// differences of a stale one.
func (s *Server) refusal(ctx context.Context, l blandby.Lang, err error) (string, []staleRow) {
	var stale *app.StaleError
	var ruleSet *app.RuleSetError
	var already *app.AlreadyPublishedError
	switch {
	case errors.As(err, &stale):
		names := s.areaNames(ctx, stale.Differences)
		var rows []staleRow
		for _, d := range stale.Differences {
			rs, _ := s.cat.ForListYear(d.Year) // nil: the category's own name
			rows = append(rows, staleRow{Year: d.Year, Area: names[d.AreaID],
				Computed: publishedListName(l, rs, d.Was, d.WasKnown), Now: publishedListName(l, rs, d.Now, d.NowKnown)})
		}
		return msg.T(l, "web.publish.refusal.stale", stale.ComputationID, msg.N(l, "web.publish.differences", len(rows), len(rows)), stale.Year), rows
	case errors.As(err, &ruleSet):
		return msg.T(l, "web.publish.refusal.rule_set", ruleSet.ComputationID, ruleSet.Applied, ruleSet.Year, ruleSet.InForce), nil
	case errors.As(err, &already):
		return msg.T(l, "web.publish.refusal.already", already.Year), nil
	case blandby.CodeOf(err) == blandby.CodeNotFound:
		return msg.T(l, "web.publish.refusal.no_computation"), nil
	}
	_, words := blandby.Explain(err, l)
	return words, nil
}

// previewShows reports whether the page's preview of the year, shown again
// after a refused publication, already says why in the same words: a stale
// computation, or one under another rule set.
func previewShows(err error) bool {
	var stale *app.StaleError
	var ruleSet *app.RuleSetError
	return errors.As(err, &stale) || errors.As(err, &ruleSet)
}

// areaNames names the areas of differences ("name (id)"; the id alone
// when the store has no name).
func (s *Server) areaNames(ctx context.Context, ds []record.Difference) map[string]string {
	out := map[string]string{}
	ix, err := s.data.current(ctx)
	for _, d := range ds {
		out[d.AreaID] = d.AreaID
		if err != nil {
			continue
		}
		if a, ok := ix.byID[d.AreaID]; ok && a.Name != "" {
			out[d.AreaID] = fmt.Sprintf("%s (%s)", a.Name, d.AreaID)
		}
	}
	return out
}

// publishedListName names the list an area was on in a difference: the
// list, "no list", or "no published list" for a year without one.
func publishedListName(l blandby.Lang, rs *law.RuleSet, c blandby.Category, known bool) string {
	switch {
	case !known:
		return msg.T(l, "web.publish.no_published_list")
	case c == blandby.None || c == "":
		return msg.T(l, "web.publish.no_list")
	case rs == nil:
		return c.Label(l)
	}
	return explain.ListName(rs, c, l)
}
