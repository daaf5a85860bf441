/**
 * One policy using every rule kind, for the reference SBOMs and the cross-format tests. The
 * package bans name advisories' fixed versions where there is one, so that the findings can be
 * checked by reading each SBOM by hand.
 */
export const FIXTURE_POLICY = `apiVersion: custody.dev/v1
settings:
  onUnknown: warn
rules:
  - id: permissive-only
    kind: license
    severity: high
    allow: [category:permissive, category:public-domain]
  - id: no-copyleft
    kind: license
    severity: critical
    deny: [category:copyleft]
  - id: no-network-copyleft
    kind: license
    severity: critical
    deny: [category:network-copyleft]
  - id: supplier-named
    kind: component
    severity: low
    mode: warn
    require: [supplier]
  - id: identified
    kind: component
    severity: medium
    require: [version, identifier]
    identifiers: [purl]
    scopes: [required, optional]
  - id: known-ecosystems
    kind: component
    severity: medium
    mode: audit
    allow: ["pkg:npm/**", "pkg:composer/**", "pkg:maven/**", "pkg:golang/**", "pkg:nuget/**", "pkg:pypi/**"]
  - id: banned
    kind: package
    severity: high
    deny:
      - { purl: "pkg:npm/lodash", versions: "<4.17.21", reason: CVE-2021-23337 }
      - { purl: "pkg:npm/minimist", versions: "<1.2.6", reason: CVE-2021-44906 }
      - { purl: "pkg:npm/jsonwebtoken", versions: "<9.0.0", reason: CVE-2022-23529 }
      - { purl: "pkg:npm/my-library", versions: ">=2.0.0 <3.0.0", reason: test ban }
      - { purl: "pkg:npm/acme/*", reason: test ban }
      - { purl: "pkg:composer/swiftmailer/swiftmailer", reason: abandoned upstream }
      - { purl: "pkg:composer/guzzlehttp/psr7", versions: "<1.9.1", reason: CVE-2023-29197 }
      - { purl: "pkg:github/jquery/jquery", versions: "<3.5.0", reason: CVE-2020-11022 }
      - { purl: "pkg:golang/golang.org/x/crypto", versions: "<0.0.0-20201216223049-8b5274cf687f", reason: CVE-2020-29652 }
      - { purl: "pkg:golang/github.com/Azure/azure-sdk-for-go", versions: "<52.0.0", reason: test ban }
      - { purl: "pkg:nuget/Ninject", versions: "<3.3.7", reason: test ban }
      - { purl: "pkg:maven/junit/junit", versions: "<4.13.1", reason: CVE-2020-15250 }
`;
