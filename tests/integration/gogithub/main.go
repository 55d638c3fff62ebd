// Command gogithub lists releases from beacond with go-github's
// ListReleases, exactly as Traefik's update check does (base URL set to the
// server), and prints what the test asserts on:
//
//	gogithub BASE_URL OWNER REPO PER_PAGE
//
// prints "tag <tag_name> prerelease=<bool> published=<RFC 3339>" per
// release, then "next=<NextPage> last=<LastPage>". Exit 1 on any error.
package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"time"

	"github.com/google/go-github/github"
)

func main() {
	if len(os.Args) != 5 {
		fmt.Fprintln(os.Stderr, "usage: gogithub BASE_URL OWNER REPO PER_PAGE")
		os.Exit(2)
	}
	base, err := url.Parse(os.Args[1] + "/")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	perPage, _ := strconv.Atoi(os.Args[4])
	client := github.NewClient(nil)
	client.BaseURL = base
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var opts *github.ListOptions
	if perPage > 0 {
		opts = &github.ListOptions{PerPage: perPage}
	}
	releases, resp, err := client.Repositories.ListReleases(ctx, os.Args[2], os.Args[3], opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, r := range releases {
		fmt.Printf("tag %s prerelease=%t published=%s\n", r.GetTagName(),
			r.GetPrerelease(), r.GetPublishedAt().Format(time.RFC3339))
	}
	fmt.Printf("next=%d last=%d\n", resp.NextPage, resp.LastPage)
}
