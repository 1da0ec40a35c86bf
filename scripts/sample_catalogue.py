"""Static tables behind the bundled sample portfolio (see build_sample.py).

Kept apart from the generator so its logic stays short. Names, sponsors and figures follow
Cheshire East Council's 2024 transformation plan; everything not in the plan is invented but
written to read like a real council project log. Tables are plain text blocks so they stay
compact and diff well; the small parsers at the bottom turn them into Python structures.
"""

from __future__ import annotations

from typing import NamedTuple

YEARS = ("2024/25", "2025/26", "2026/27", "2027/28")
ROLES = (
    "project_manager", "business_analyst", "subject_matter_expert", "finance", "hr_od", "legal",
    "procurement", "communications", "ict", "data_intelligence",
)  # fmt: skip
MISSIONS = {
    "open": "An open and enabling organisation",
    "fair": "A council which empowers and cares about people",
    "green": "A thriving and sustainable place",
}
PREFIXES = ("AHI", "CF", "PLC", "CS", "FCS")  # directorate codes double as id prefixes
DIGITAL_SPONSOR = "Head of ICT (Chief Information Officer)"
PM_ROLES = (
    "Project Manager", "Project Manager / BA", "Project Manager (ICC)", "Service Manager",
    "Digital Project Manager", "PM in post", "Team Manager", "TBC",
)  # fmt: skip

# Directorate code | name, then its sponsors indented.
_DIRECTORATES = """
AHI | Adults, Health and Integration
    Executive Director of Adults, Health and Integration
    Director of Adult Social Care and Operations
    Director of Public Health
    Interim Director of Commissioning
    Head of Integrated Commissioning
CF | Children and Families
    Executive Director of Children and Families
    Interim Director of Family Help and Children's Social Care
    Director of Education, Strong Start and Integration
    Head of SEND
    Head of Children's Commissioning
PLC | Place
    Acting Executive Director of Place
    Director of Highways and Infrastructure
    Head of Environmental Services
    Head of Neighbourhood Services
    Head of Housing
    Head of Economic Development
    Acting Head of Estates
    Head of Planning
CS | Corporate Services
    Chief Executive
    Director of Governance and Compliance
    Interim Director of Policy and Change
    Head of Human Resources
    Director of Transformation
    Head of Legal Services
FCS | Finance and Customer Services
    Interim Director of Finance and Customer Services (Section 151 Officer)
    Head of Finance
    Head of Procurement
    Head of Revenues and Benefits
    Interim Head of Customer Services
"""

# The named initiatives, verbatim from shared/domain/seed-initiatives.csv.
SEED_CSV = (
    "id,name,programme,benefit_type,b1l,b1h,b2l,b2h,b3l,b3h,b4l,b4h,note\n"
    "WF1,Target Operating Model,Workforce,cashable,0,0,6700,10000,0,0,0,0,"
    "depends on peer challenge recommendations and senior structure review\n"
    "WF2,Agency Staff,Workforce,cashable,352,703,352,703,0,0,0,0,\n"
    "WF3,Workforce Productivity,Workforce,combination,0,0,1000,1600,0,0,0,0,\n"
    "SC1,Health & Social Care Partnership Case Review - Adults,Social Care,income,"
    "625,625,2500,2500,2500,2500,0,0,\n"
    "SC2,Health & Social Care Partnership Case Review - Children's,Social Care,"
    "income,0,0,500,1000,0,0,0,0,\n"
    "SC3,Preparing for Adulthood / Transitions,Social Care,combination,210,210,868,"
    "868,868,868,0,0,\n"
    "SC4,Commissioning & Brokerage,Social Care,combination,0,0,865,1730,865,1730,0,0,"
    "overlaps Third Party Spend on adult social care contracts\n"
    "SC5,Learning Disabilities Provision,Social Care,combination,40,40,3011,5711,"
    "2904,6204,0,0,\n"
    "SC6,Reunification,Social Care,cashable,47,70,595,1048,0,0,0,0,\n"
    "SC7,Children in Care - Under 10 residential,Social Care,cost_avoidance,290,290,"
    "0,0,0,0,0,0,\n"
    "SC8,Children in Care - Step-down,Social Care,combination,725,1015,725,1015,725,"
    "1015,725,1015,not covered by a deep dive; needs validation\n"
    "SC9,Children's Social Care Cost & Demand modelling,Social Care,enabler,0,0,0,0,0,0,0,0,\n"
    "PL1,Advertising,Place,income,0,0,50,100,50,100,50,100,\n"
    "PL2,Corporate Landlord,Place,combination,56,56,167,167,0,0,0,0,"
    "must align with the Target Operating Model\n"
    "PL3,Asset strategy refresh,Place,combination,0,0,0,0,500,500,500,500,\n"
    "PL4,ANPR enforcement,Place,income,,,,,,,,,"
    "benefits to be defined in deep dive / business case\n"
    "PL5,Specialist housing,Place,cost_avoidance,0,0,0,0,0,358,0,358,\n"
    "PL6,Libraries,Place,cashable,0,0,192,497,192,497,0,0,\n"
    "PL7,Tatton Park,Place,cashable,0,0,500,1300,0,0,0,0,\n"
    "PL8,Waste,Place,cashable,0,0,1000,1000,0,0,0,0,\n"
    "PL9,Alternative Service Delivery Vehicle review,Place,cashable,0,0,150,250,150,"
    "250,0,0,may need ICT projects to bring services back in-house\n"
    "PL10,Economic strategy,Place,enabler,0,0,0,0,0,0,0,0,\n"
    "EIP1,Early intervention and prevention,EIP,combination,0,0,1087,2904,0,0,0,0,"
    "risk of double counting with the Social Care programme\n"
    "EIP2,Customer,EIP,tbc,,,,,,,,,priority set by the portfolio reset\n"
    "SP1,Fees & Charges,Special Projects,income,250,500,750,1500,40,70,40,70,\n"
    "SP2,Third Party Spend,Special Projects,cashable,0,0,3000,5000,690,1150,324,540,"
    "overlaps Social Care commissioning\n"
    "SP3,Grant Funding,Special Projects,tbc,,,,,,,,,benefits to be defined in business case\n"
    "SP4,Income recovery & debt,Special Projects,income_recovery,0,0,660,1650,660,"
    "1650,660,1650,revenue already recognised: does not close the gap\n"
    "SP5,Outbound mail,Special Projects,cashable,,,,,,,,,\n"
    "SP6,Council Tax banding,Special Projects,income,12,23,47,94,47,94,47,94,\n"
)

# Seed id | directorate | status | stage | size, then "> sponsor | project manager" and the
# description indented. The seed's own note is appended to the description.
_SEED_META = """
WF1 | CS | pipeline | business_case | XL
    > Interim Director of Policy and Change | Project Manager / BA
    Design and implement a new target operating model for the Council, absorbing the LGA Peer
    Challenge and decision-making accountability work.
WF2 | CS | in_flight | delivery | M
    > Head of Human Resources | Transformation Portfolio Workforce Lead
    Reduce use of high-cost agency staff, replacing them with permanent recruits where
    appropriate.
WF3 | CS | pipeline | deep_dive | M
    > Head of Human Resources | Transformation Portfolio Workforce Lead
    Concerted effort to reduce high staff sickness absence rates and increase the overall
    productivity of the workforce.
SC1 | AHI | in_flight | delivery | L
    > Director of Adult Social Care and Operations | Project Manager (ICC)
    Secure an equitable NHS contribution to adult care packages where the primary need is health-
    related.
SC2 | CF | pipeline | deep_dive | M
    > Director of Education, Strong Start and Integration | Project Manager / BA (ICC)
    Joint funding reviews with the ICB so health pays its share of children's placements that
    are driven by health needs.
SC3 | CF | in_flight | business_case | L
    > Director of Education, Strong Start and Integration | Project Manager / BA (ICC)
    Build a function to manage young people's transition to adult social care, promoting
    independence and financially sustainable packages.
SC4 | AHI | pipeline | deep_dive | L
    > Interim Director of Commissioning | Part-time Project Manager (ICC)
    Overhaul commissioning and brokerage so the Council gets best value from all care providers.
SC5 | AHI | in_flight | business_case | XL
    > Interim Director of Commissioning | Project Manager / BA (ICC)
    Review and redesign the learning disability support offer, including Shared Lives, alongside
    recommissioning of linked services.
SC6 | CF | in_flight | delivery | M
    > Interim Director of Family Help and Children's Social Care | Project Manager / BA (ICC)
    Reunify children in care with their families where it is safe, improving outcomes and reducing
    the cost of care.
SC7 | CF | in_flight | delivery | M
    > Interim Director of Family Help and Children's Social Care | TBC
    Reduce the number of children under 10 in residential care by finding family-based placements.
SC8 | CF | pipeline | idea | L
    > Interim Director of Family Help and Children's Social Care | TBC
    Step children in care down from residential homes to foster and other family-based placements.
SC9 | CF | pipeline | idea | M
    > Interim Director of Commissioning | TBC
    Build a cost and demand model for children's social care to target future savings.
PL1 | PLC | pipeline | deep_dive | S
    > Director of Highways and Infrastructure | Highways team
    Sell targeted advertising on council assets such as roundabouts and vehicles, aiming at high-
    value markets.
PL2 | PLC | pipeline | business_case | M
    > Acting Head of Estates | Project Manager
    Refresh the corporate landlord model to fix known pain points and unlock property
    efficiencies.
PL3 | PLC | pipeline | deep_dive | M
    > Acting Head of Estates | Project Manager
    Rapid review of the estate to find the properties that can return greater value to the
    Council.
PL4 | PLC | pipeline | idea | M
    > TBC | TBC
    Use automatic number plate recognition cameras to enforce moving traffic contraventions and
    raise income.
PL5 | PLC | pipeline | deep_dive | L
    > Head of Housing | Project Manager
    Invest in specialist housing for adults with learning disabilities, care leavers and frail
    older people to reduce long-term care costs.
PL6 | PLC | in_flight | business_case | M
    > TBC | PM in post
    Remodel library provision across the borough, including community asset transfer and a trust
    model.
PL7 | PLC | pipeline | idea | M
    > Director of Transformation | TBC
    Find a way for Tatton Park to generate net revenue, or an alternative model that minimises its
    net cost to the Council.
PL8 | PLC | in_flight | delivery | L
    > Head of Environmental Services | Project team in place
    Change waste collection and disposal: three-weekly residual collections, higher recycling
    rates and food waste.
PL9 | PLC | in_flight | business_case | M
    > Head of Neighbourhood Services | PM in post
    Bring the remaining alternative service delivery vehicles back in-house and transform them to
    drive efficiencies.
PL10 | PLC | pipeline | deep_dive | M
    > Head of Economic Development | Project Manager
    Refresh the economic strategy with wider partners to drive growth and support the devolution
    case.
EIP1 | AHI | pipeline | deep_dive | XL
    > Director of Public Health | Programme Director
    Design an early intervention and prevention model across council and partner services to
    manage long-term demand.
EIP2 | AHI | pipeline | idea | M
    > Interim Head of Customer Services | TBC
    Customer programme to review the Digital Customer Enablement work before it joins Early
    Intervention and Prevention.
SP1 | FCS | in_flight | business_case | M
    > Head of Finance | KL (independent SME)
    Systematic review of the prices the Council charges for all services, maximising income while
    mitigating inequality.
SP2 | FCS | pipeline | business_case | L
    > Head of Procurement | Project Manager / BA
    Cut third-party spend by preparing re-procurement of high-value contracts and reviewing all
    spend across the organisation.
SP3 | FCS | pipeline | idea | S
    > Head of Finance | TBC
    Improve how the Council identifies, bids for and oversees external grants to raise income.
SP4 | FCS | pipeline | idea | M
    > Head of Finance | Part-time PM / BA
    Review charging and income recovery processes to reduce outstanding debt and write-offs.
SP5 | CS | in_flight | delivery | S
    > Director of Transformation | Part-time Project Manager / BA
    Reduce outbound mail and printing, targeting the highest-volume letters first.
SP6 | FCS | pipeline | deep_dive | S
    > Head of Revenues and Benefits | TBC
    Routinely review renovated or extended properties so their council tax bands can be uplifted.
"""

# Hand-written projects: key | directorate | flags | benefit type | size | name, description
# indented. Flags: d digital id, g Digital programme, m mandatory, f already in the MTFS,
# i in flight, p pipeline (neither i nor p: drawn at random). Keys that are not seed ids get
# an id by directorate prefix (DIG- for digital) when the portfolio is built.
_SPECIALS = """
iip_network | CS | dgmi | enabler | XL | IIP: Network refresh (WAN, LAN and Wi-Fi)
    Infrastructure Investment Programme: replace out-of-support switches, routers and Wi-Fi.
    Business continuity: core network kit is past vendor support.
iip_devices | CS | dgmi | enabler | XL | IIP: End-user devices and Windows 11
    Infrastructure Investment Programme: replace ageing laptops and move to Windows 11. Cyber
    security: Windows 10 stops receiving security updates.
iip_hosting | CS | dgmi | enabler | XL | IIP: Hosting and cloud migration
    Infrastructure Investment Programme: move servers out of the ageing shared data centre into
    resilient cloud hosting. Business continuity for every council system.
iip_cyber | CS | dgmi | enabler | L | IIP: Cyber security and PSN compliance
    Infrastructure Investment Programme: security monitoring, patching and PSN compliance
    remediation. Cyber security: needed to keep the PSN connection.
crm_platform | FCS | dgi | enabler | L | Digital Customer Enablement: Netcall CRM platform
    Implement the Netcall Liberty CRM and case management platform that the customer access
    projects build on.
dce_service_improvement | FCS | dgp | cashable | L | Service improvement and case management
    Move high-volume services onto Netcall case management and remove rekeying; about £1.5m
    expected by 2026/27.
dce_automation | FCS | dgp | cashable | L | Process automation and second-phase avoidable contact
    Automate high-volume processes and remove avoidable contact in phase two of Digital Customer
    Enablement; £2m by 2026/27.
back_office_automation | FCS | dgp | cashable | L | Back-office process automation
    Automate back-office processes in finance, HR and business support; £2m expected by 2027/28.
social_care_automation | AHI | dgp | combination | XL | Adults' and children's automation
    Intelligent automation of referrals, case recording and financial assessments in social care;
    £8.5m by 2026/27.
ai_assistants | FCS | dgfi | cashable | M | AI contact centre agents
    AI voice agents answer and route telephone calls into the contact centre out of hours. Savings
    already counted in the MTFS.
ics_ai | CS | dgp | combination | XL | ICS AI intelligent automation pipeline
    Assess over 50 possible AI use cases found with ICS AI, worth about £11.1m in customer
    services and social care.
ai_governance | CS | dgi | enabler | S | AI governance and ethics framework
    Set the policy, impact assessment and assurance steps every AI deployment must pass before go-
    live.
tvi | CS | dgp | combination | XL | Triple Value Impact long list
    Long list of 43 Triple Value Impact proposals worth an estimated £13.92m; the priorities go
    forward to business cases.
tvi_blue_badge | FCS | dgp | cashable | M | TVI: automated blue badge assessments
    Triple Value Impact business case to automate eligibility checks and decisions for blue badge
    applications.
tvi_fin_assess | AHI | dgp | cashable | M | TVI: digital financial assessments for care
    Triple Value Impact business case for residents to complete care charging assessments online
    with open banking.
tvi_defects | PLC | dgp | cashable | M | TVI: remote scanning of highway defects
    Triple Value Impact business case to find road defects with vehicle cameras and image
    recognition instead of walked inspections.
iadm_data_platform | CS | dgi | cost_avoidance | L | IADM: Corporate data platform
    Information Assurance and Data Management: a corporate data platform joining up data from
    line-of-business systems.
iadm_records | CS | dgmi | cost_avoidance | M | IADM: Records retention and data protection
    Statutory duty under UK GDPR: apply retention schedules and delete over-retained personal data
    across systems.
iadm_labelling | CS | dgp | cost_avoidance | M | IADM: Microsoft 365 sensitivity labelling
    Classify and label documents in Microsoft 365 so sensitive information is protected and found
    quickly.
single_view | CS | dgp | combination | M | Single view of the resident
    Match records across council tax, social care and housing on the data platform so officers see
    one view of a resident.
predictive_demand | AHI | dgp | cost_avoidance | L | Predictive model of social care need
    Use the single view of the resident to predict who is likely to need care and offer early help
    first.
unit4_upgrade | FCS | dgmi | enabler | L | Core Financials: Unit4 ERP upgrade
    Upgrade Unit4 ERP to a supported cloud release. Business continuity: the current version
    leaves vendor support.
p2p_automation | FCS | dgp | cashable | M | Core Financials: purchase-to-pay
    Automate purchase order matching and invoice approval in Unit4 to cut manual processing.
unit4_hr | FCS | dgp | cashable | M | Core Financials: Unit4 HR and payroll
    Bring HR and payroll onto Unit4 ERP so a single system holds finance and people data.
itrent_procure | CS | dp | cost_avoidance | M | Standalone HR and payroll system procurement
    HR-led procurement of a separate HR and payroll product to replace the current payroll
    software.
lcs_upgrade | CF | dgi | enabler | M | ACPH: Liquidlogic LCS upgrade
    Upgrade the children's case recording system, Liquidlogic LCS, and its early help module to
    a supported release.
childrens_portal | CF | dgp | cost_avoidance | M | ACPH: children's services partner portal
    Portal for schools, health and police to submit referrals and share information with
    children's social care.
las_upgrade | AHI | dgi | enabler | M | ACPH: adults' case system and ContrOCC hosting
    Move LAS and the ContrOCC care finance module to vendor hosting before on-premise support
    ends.
care_provider_portal | AHI | dgp | cashable | M | ACPH: care provider portal
    Portal for care providers to submit invoices, vacancies and package changes straight into
    ContrOCC.
adults_cms_procure | AHI | dp | cost_avoidance | M | Adult social care case system replacement
    Adults-led procurement of a new case management system for adult social care to replace
    Liquidlogic LAS.
lcs_all_age | CF | dp | cost_avoidance | M | All-age Liquidlogic case management
    Children and Families proposal to extend Liquidlogic into one all-age case system that also
    covers adults' services.
teams_telephony | CS | dgp | cashable | M | Microsoft Teams telephony rollout
    Replace desk phones with Teams calling for all staff and retire the old switchboard.
mitel_renewal | CS | di | enabler | S | Mitel telephony contract renewal
    Renew the on-premise Mitel telephone system and handsets for a further five years.
cc_telephony | FCS | dgp | cashable | S | Contact centre telephony on Teams
    Move the contact centre onto Teams-based telephony linked to Netcall so calls and cases sit in
    one place.
mfa_rollout | CS | dgmi | enabler | S | Multi-factor authentication for all staff
    Cyber security: enforce multi-factor authentication on every staff account and on remote
    access.
zero_trust | CS | dgp | cost_avoidance | S | Zero-trust remote access
    Replace the ageing VPN with identity-based zero-trust access to council applications.
windows_server | CS | dmi | enabler | S | Windows Server 2012 remediation
    Cyber security: upgrade or isolate servers still on Windows Server 2012, which no longer gets
    security patches.
dmarc | CS | dmi | enabler | S | Email security: DMARC and anti-phishing
    Cyber security: enforce DMARC, DKIM and phishing protection on all council email domains.
accessibility | CS | dmi | enabler | S | Website accessibility compliance
    Statutory duty: bring the website and online forms up to WCAG 2.2 AA under the Public Sector
    Bodies Accessibility Regulations.
cyber_exercise | CS | dmp | enabler | S | Cyber incident response exercise
    Cyber security and business continuity: test the cyber incident plan and restore from
    immutable backups.
gis_upgrade | PLC | di | enabler | S | Corporate GIS platform upgrade
    Upgrade the ArcGIS Enterprise mapping platform used by planning, highways and land charges.
llc_migration | PLC | dmi | enabler | S | Local land charges migration
    Statutory duty: migrate the local land charges register to HM Land Registry under the
    Infrastructure Act 2015.
asdv_ict | PLC | dgp | enabler | M | ICT migration for in-sourced ASDV services
    Move the systems, devices and data of services returning from ANSA and Orbitas onto council
    ICT; needed before they come in-house.
waste_routes | PLC | dgi | cashable | M | Whitespace waste round optimisation
    Re-plan collection rounds in Whitespace with in-cab devices, needed for the move to three-
    weekly collections.
garden_waste_subs | PLC | dgfi | income | S | Garden waste subscriptions online
    Move garden waste subscription renewals fully online with automatic payment. Savings already
    counted in the MTFS.
spend_analytics | FCS | dgp | enabler | S | Third-party spend analytics
    Spend analytics from Unit4 and purchase card data to pick the contracts to renegotiate first.
ctax_matching | FCS | dgp | enabler | S | Council tax property change detection
    Match building control completions with the council tax list to find extended homes for
    Valuation Office review.
dynamics_crm | PLC | dp | cost_avoidance | M | Dynamics 365 CRM for Place services
    Place-led procurement of a Microsoft Dynamics CRM for highways and waste enquiries, separate
    from the corporate platform.
cf_warehouse | CF | dp | enabler | M | Children's services SQL data warehouse
    Children and Families proposal for its own SQL warehouse and reporting team outside the
    corporate data platform.
intranet_sp | CS | dgp | cashable | S | SharePoint intranet rebuild
    Rebuild the staff intranet on SharePoint Online using Microsoft 365 licences the Council
    already owns.
intranet_vendor | CS | dp | enabler | S | Hosted intranet product procurement
    Buy a hosted intranet product with its own licences to replace the current staff intranet.
asc_restructure | AHI | i | cashable | M | Adult social care directorate restructure
    The Director of Adults, Health and Integration's review of the directorate structure, to be
    absorbed by the new TOM.
dma_review | CS | i | cashable | S | Senior leadership structure review (DMA)
    Implement the senior management structure proposed by the LGA decision-making accountability
    review.
peer_challenge | CS | i | enabler | S | Corporate Peer Challenge action plan
    Deliver the action plan answering the LGA Corporate Peer Challenge; its recommendations shape
    the TOM.
pct_review | CS | p | cashable | S | Projects and Change Team review
    Realign roles in the corporate projects and change team to support the transformation
    portfolio once the TOM is agreed.
asc_cost_demand | AHI | i | enabler | M | ASC cost and demand modelling
    Model adult social care demand and unit costs to target savings; part of the ASC
    Transformation Programme.
homecare_framework | AHI | p | cashable | L | Homecare framework re-procurement
    Re-procure the homecare framework with zoned contracts and fair cost of care rates.
reablement | AHI | fi | cost_avoidance | L | Reablement service expansion
    Expand home-based reablement so more people regain independence after illness or a hospital
    stay. Savings already counted in the MTFS.
discharge_to_assess | AHI | fi | cost_avoidance | M | Discharge to assess model
    Assess long-term needs at home after discharge instead of on the ward; part of ASC
    Transformation. Savings already counted in the MTFS.
asc_charging | AHI | fi | income | M | Adult social care contributions policy
    Update the adult social care contributions policy and uprate non-residential charges; ASC
    Transformation. Savings already counted in the MTFS.
day_ops_recommission | AHI | p | cashable | M | Day opportunities recommissioning
    Buy day opportunities for adults with learning disabilities from the independent sector and
    close in-house centres.
inhouse_day_centres | AHI | p | cost_avoidance | M | In-house day centre investment
    Invest in the council's own day centres to add places for adults with complex needs.
edge_of_care | CF | i | cost_avoidance | M | Edge-of-care intensive support team
    Intensive family support for children at risk of entering care, working alongside
    reunification.
foster_recruit | CF | i | cost_avoidance | M | Foster carer recruitment drive
    Campaign and better allowances to recruit and keep in-house foster carers instead of agency
    placements.
inhouse_homes | CF | p | cost_avoidance | L | In-house children's homes
    Open two council-run children's homes, one on the former Crewe site, to cut costly external
    residential placements.
cf_agency | CF | i | cashable | M | Children's social worker agency conversion
    Convert agency social workers to permanent posts through a market supplement and a social work
    academy.
hts_dps | CF | p | cashable | M | Home-to-school transport purchasing system
    Buy all home-to-school transport routes from operators through a dynamic purchasing system.
travel_training | CF | i | cost_avoidance | S | Independent travel training
    Teach young people with SEND to travel on their own, reducing the need for taxis and
    minibuses.
asset_condition | PLC | i | enabler | S | Corporate estate condition surveys
    Commission condition surveys of the operational estate to inform the asset strategy.
asset_disposals | PLC | p | cashable | L | Surplus asset disposal programme
    Sell surplus land and buildings named by the asset strategy for capital receipts and lower
    running costs.
local_plan_evidence | PLC | i | enabler | S | Local Plan evidence base refresh
    Update the housing, employment and transport evidence the Local Plan review relies on.
local_plan_review | PLC | mp | enabler | M | Local Plan review
    Statutory duty: review and update the Local Plan to the national timetable.
devolution_case | PLC | p | tbc | M | Devolution deal business case
    Build the case for a Cheshire and Warrington devolution deal, drawing on the economic
    strategy.
libraries_consult | PLC | i | enabler | S | Libraries strategy consultation
    Consult residents on the libraries strategy before the remodel is decided.
housing_needs | PLC | i | enabler | S | Specialist housing needs assessment
    Assess the need for supported homes for adults with learning disabilities, care leavers and
    older people.
traffic_powers | PLC | p | enabler | S | Moving traffic enforcement powers
    Apply to the Department for Transport for the powers needed before camera enforcement can
    start.
waste_fleet | PLC | i | enabler | L | Refuse collection vehicle replacement
    Replace the ageing diesel refuse fleet like for like on a five-year lease.
ev_rcv_pilot | PLC | p | cost_avoidance | M | Electric refuse vehicle pilot
    Trial battery-electric refuse lorries on urban rounds before the next fleet decision.
food_waste | PLC | mp | enabler | M | Weekly food waste collections
    Statutory duty: weekly food waste collections for every household by April 2026 under the
    Environment Act 2021.
tatton_events | PLC | p | income | M | Tatton Park events capital investment
    Council capital for new event infrastructure at Tatton Park to grow in-house events income.
westfields_disposal | PLC | p | cashable | M | Westfields sale and office move
    Sell the Westfields office in Sandbach and consolidate staff into Delamere House, Crewe.
westfields_refurb | CS | p | enabler | M | Westfields office refurbishment
    Refurbish Westfields, Sandbach, as the main hybrid-working office for corporate staff.
hybrid_offices | CS | i | cashable | M | Office estate rationalisation
    Close surplus offices now that staff work in a hybrid way and hand the buildings back to
    estates.
ansa_extension | PLC | p | cashable | M | ANSA contract extension to 2035
    Extend the ANSA company's waste and environmental services contract for a further ten years.
parking_tariffs | PLC | p | income | M | Car park tariff harmonisation
    Harmonise car park charges across all towns, including towns where parking is free today.
free_parking | PLC | p | tbc | S | Crewe free parking pilot
    Free parking in Crewe town-centre car parks for 18 months to lift footfall during
    regeneration.
crewe_home_sale | PLC | p | cashable | S | Former Crewe children's home disposal
    Sell the vacant former children's home site in Crewe for housing.
hts_fleet | PLC | p | cashable | M | In-house passenger transport fleet
    Buy minibuses and employ drivers to run home-to-school routes in-house.
f2f_libraries | FCS | p | cashable | S | Customer service points in libraries
    Move face-to-face customer service into council-run libraries, relying on today's library
    network.
charging_policy | FCS | i | enabler | S | Corporate charging policy
    Agree how fees are set, reviewed and discounted before the fees review goes to committee.
print_room | CS | p | enabler | S | Print room equipment renewal
    Renew the in-house print room's high-volume printers and finishing kit on a five-year lease.
hybrid_mail | FCS | p | cashable | S | Hybrid mail outsourcing
    Send all outbound letters through an external hybrid mail provider and close in-house
    printing.
dols_backlog | AHI | mi | enabler | M | Deprivation of Liberty backlog
    Statutory duty: clear the backlog of Deprivation of Liberty Safeguards assessments under the
    Mental Capacity Act.
care_act_reviews | AHI | mi | cost_avoidance | M | Care Act annual reviews recovery
    Statutory duty: bring overdue Care Act reviews of care and support plans up to date.
cqc_assurance | AHI | mi | enabler | S | CQC assurance preparation
    Statutory duty: prepare for CQC assessment of adult social care under the Health and Care Act
    2022.
ofsted_leavers | CF | mi | enabler | M | Ofsted improvement plan: care leavers
    Statutory duty: answer the inadequate Ofsted judgement by improving the care leavers' offer
    and adviser caseloads.
ehcp_timeliness | CF | mi | enabler | M | EHCP 20-week timeliness recovery
    Statutory duty: issue education, health and care plans within the 20-week legal timescale.
sufficiency | CF | mp | enabler | S | Placement sufficiency strategy
    Statutory duty: publish and deliver the sufficiency strategy for children in care placements.
yj_standards | CF | mi | enabler | S | Youth Justice national standards
    Statutory duty: meet Youth Justice Board national standards after the HMIP inspection.
bng_duty | PLC | mi | enabler | S | Biodiversity net gain duty
    Statutory duty: assess and monitor biodiversity net gain on planning applications under the
    Environment Act 2021.
highway_inspections | PLC | mi | cost_avoidance | M | Highway safety inspections
    Statutory duty: deliver the risk-based highway safety inspection regime under the Highways Act
    1980.
fire_safety | PLC | mi | enabler | M | Fire safety remediation
    Statutory duty and business continuity: complete the actions from fire risk assessments across
    council buildings.
elections_act | CS | mi | enabler | S | Elections Act implementation
    Statutory duty: voter ID, overseas electors and postal vote changes under the Elections Act
    2022.
bcp_refresh | CS | mp | enabler | S | Business continuity plans refresh
    Business continuity: refresh and test service continuity plans and the corporate emergency
    plan.
procurement_act | FCS | mi | enabler | S | Procurement Act 2023 implementation
    Statutory duty: change procedures, notices and contract management to comply with the
    Procurement Act 2023.
accounts_backlog | FCS | mi | enabler | S | Statement of accounts recovery
    Statutory duty: clear the backlog of audited statements of accounts within the national
    backstop dates.
nndr_reval | FCS | mp | enabler | S | Business rates revaluation 2026
    Statutory duty: apply the 2026 business rates revaluation and new multipliers in billing.
chatbot_a | FCS | dgp | cashable | M | Chatbot for customer enquiries
    Introduce a chatbot on the council website to answer routine customer enquiries and reduce
    calls to the contact centre.
chatbot_b | PLC | dp | cashable | S | AI chatbot assistant for customer enquiries
    AI chatbot assistant on the council website to answer routine customer enquiries and cut
    calls to the contact centre.
rpa_a | CS | dp | cashable | S | Supplier invoice processing automation using RPA
    Use robotic process automation bots to process supplier invoices and cut manual keying in
    accounts payable.
rpa_b | FCS | dp | cashable | S | Robotic process automation of supplier invoices
    Robotic process automation to process supplier invoices automatically, cutting manual keying
    in accounts payable.
mobile_a | AHI | dgp | cashable | M | Mobile working app for social workers
    Mobile app so social workers record visits and case notes on site, cutting travel back to the
    office.
mobile_b | CF | dp | cashable | S | Social worker mobile app for visits
    Give social workers a mobile app to record case notes on visits and reduce travel back to the
    office.
esig_a | CS | dp | cashable | S | Electronic signatures for contracts and forms
    Roll out electronic signatures so contracts and forms are signed online instead of printed
    and posted.
esig_b | PLC | dp | cashable | S | Electronic signature platform for contracts and forms
    Electronic signature platform so contracts and forms are signed online instead of printed
    and posted.
desk_a | CS | dp | enabler | S | Desk and room booking for hybrid working
    Desk and meeting room booking system to support hybrid working and show office occupancy.
desk_b | FCS | dp | enabler | S | Hybrid working desk booking app
    App to book desks and meeting rooms for hybrid working, with office occupancy data.
telematics_a | PLC | dp | cashable | S | Fleet vehicle telematics and tracking
    Fit telematics to council fleet vehicles to track journeys, fuel use and driver behaviour.
telematics_b | AHI | dp | cashable | S | Telematics tracking for fleet vehicles
    Track adult services fleet vehicles with telematics, monitoring journeys, fuel use and
    driver behaviour.
led_a | PLC | p | cashable | S | LED lighting retrofit in council buildings
    Replace fluorescent lighting with LED fittings and sensors across council buildings to cut
    energy bills and carbon emissions.
led_b | CS | p | cashable | S | LED lighting upgrade in council offices
    Replace old lighting in council offices with LED fittings and sensors to cut energy bills
    and carbon emissions.
grants_a | FCS | p | income | S | External funding bid-writing team
    Small team to find external funding opportunities and write grant bids for council projects.
grants_b | PLC | p | income | S | Grant bid writing capacity for external funding
    Add bid writing capacity to find external funding opportunities and write grant bids for
    regeneration projects.
scan_a | CF | dp | cost_avoidance | S | Scanning paper case files to digital records
    Scan paper case files into the document management system so records are digital and storage
    space is released.
scan_b | PLC | dp | cost_avoidance | S | Digitising paper records by scanning
    Scan paper records into the document management system to digitise files and release storage
    space.
volunteer_a | AHI | dp | cost_avoidance | S | Volunteer management platform
    Online platform to recruit, match and coordinate volunteers supporting community groups and
    residents.
volunteer_b | PLC | dp | cost_avoidance | S | Volunteer coordination platform
    Online platform to recruit and coordinate volunteers for community groups, matching them to
    residents and local opportunities.
absence_b | PLC | p | combination | S | Place staff productivity and absence drive
    Reduce high staff sickness absence rates and increase the productivity of the Place workforce.
perf_a | CS | dp | enabler | S | Corporate performance dashboard
    Power BI dashboard bringing corporate performance indicators together for the leadership team.
perf_b | FCS | dp | enabler | S | Performance dashboard for the leadership team
    Single Power BI dashboard of corporate performance indicators for the Corporate Leadership
    Team.
contracts_a | FCS | dp | cashable | S | Contract management system and register
    System to hold the contract register and manage contract renewals, performance and spend.
contracts_b | PLC | dp | cashable | S | Contract register and management software
    Software to hold a contract register and manage contract performance, renewals and spend.
solar_a | PLC | p | cashable | M | Solar panels on council buildings
    Install rooftop solar PV panels on council buildings to cut electricity bills and carbon
    emissions.
solar_b | CS | p | cashable | S | Rooftop solar PV on council offices
    Fit rooftop solar PV panels to council offices to cut electricity bills and carbon
    emissions.
"""

# Project Gemini (separating the ICT shared service with Cheshire West and Chester): 17 projects
# worth £1,420k between them, all already in the MTFS. Label | reason if mandatory, then detail.
GEMINI_TOTAL = 1420
_GEMINI = """
programme management and transition
    Plan and govern the split of the ICT shared service with Cheshire West and Chester
identity and Active Directory split
    Give each council its own directory, accounts and identity provider
Microsoft 365 tenancy split
    Move mailboxes, Teams and OneDrive into a tenancy the Council owns alone
line-of-business application split
    Clone or re-procure jointly hosted business applications
data centre exit
    Leave the jointly run data centre in Chester
backup and disaster recovery | business continuity
    Stand up separate backups and a tested recovery site
security operations centre | cyber security
    Contract round-the-clock security monitoring for the Council's own estate
network disaggregation
    Separate firewalls, circuits and the shared wide area network
service desk separation
    Run a Cheshire East ICT service desk on its own tooling
telephony split
    Divide numbers, call routing and the shared switchboard
ICT staff transfer and structure
    Move hosted ICT staff across and consult on the new ICT structure
licence and contract novation
    Novate or re-let jointly held software licences and supplier contracts
print and scanning services split
    Separate managed print devices and the scanning bureau
schools ICT traded service
    Decide whether to keep selling ICT support to schools after the split
GIS and mapping data split
    Divide Ordnance Survey licences and shared mapping layers
ICT asset register split
    Agree which laptops, servers and spares belong to which council
finance system interfaces
    Rebuild interfaces between Unit4 and systems previously shared
"""

# Fixed low/high £k per year from the Digital section of the transformation plan.
_FIXED_BENEFITS = """
ai_assistants: 0/0 156/450 200/550 0/0
dce_service_improvement: 0/0 450/700 450/800 0/0
dce_automation: 0/0 500/800 700/1200 0/0
back_office_automation: 0/0 0/0 400/800 600/1200
social_care_automation: 0/0 1500/3500 2000/5000 0/0
ics_ai: 0/0 400/2000 800/4500 800/4600
tvi: 0/0 500/2500 1500/5000 2000/6420
iadm_data_platform: 0/0 150/250 250/350 250/300
iadm_records: 0/0 200/300 200/250 100/150
iadm_labelling: 0/0 0/0 150/250 200/250
"""

# Planted structure, by key. A chain runs prerequisite first: each depends on the one before.
_CHAINS = """
asc_restructure > WF1 > PL2
dma_review > WF1 > EIP1
peer_challenge > WF1 > pct_review
asc_cost_demand > SC4 > homecare_framework
SC9 > SC8
edge_of_care > SC6
reablement > discharge_to_assess
asset_condition > PL3 > asset_disposals
asdv_ict > PL9
waste_routes > PL8
waste_fleet > food_waste
local_plan_evidence > local_plan_review
PL10 > devolution_case
libraries_consult > PL6
housing_needs > PL5
traffic_powers > PL4
charging_policy > SP1
spend_analytics > SP2
ctax_matching > SP6
crm_platform > dce_service_improvement > dce_automation
crm_platform > EIP2
iip_hosting > iadm_data_platform > single_view > predictive_demand
gemini_02 > gemini_03 > gemini_04
gemini_05 > gemini_06
unit4_upgrade > p2p_automation > back_office_automation
lcs_upgrade > childrens_portal
las_upgrade > care_provider_portal
ai_governance > ics_ai > social_care_automation
iip_network > teams_telephony > cc_telephony
iip_cyber > mfa_rollout > zero_trust
gis_upgrade > llc_migration
"""
# Further needs that are not part of a planted chain.
_EXTRA_DEPENDS = """
WF1 > EIP2
asc_cost_demand > SC5
crm_platform > ai_assistants
ai_governance > ai_assistants
crm_platform > chatbot_a
iadm_data_platform > spend_analytics
iadm_data_platform > perf_a
SC9 > SC7
"""
_CLASHES = """
adults_cms_procure x lcs_all_age
teams_telephony x mitel_renewal
print_room x hybrid_mail
f2f_libraries x PL6
tatton_events x PL7
westfields_refurb x westfields_disposal
dynamics_crm x crm_platform
cf_warehouse x iadm_data_platform
ansa_extension x PL9
parking_tariffs x free_parking
day_ops_recommission x inhouse_day_centres
crewe_home_sale x inhouse_homes
hts_fleet x hts_dps
unit4_hr x itrent_procure
intranet_sp x intranet_vendor
waste_fleet x ev_rcv_pilot
"""
# The same idea raised in two directorates, worded differently.
_NEAR_DUPLICATES = """
chatbot_a ~ chatbot_b
rpa_a ~ rpa_b
mobile_a ~ mobile_b
esig_a ~ esig_b
desk_a ~ desk_b
telematics_a ~ telematics_b
led_a ~ led_b
grants_a ~ grants_b
scan_a ~ scan_b
volunteer_a ~ volunteer_b
WF3 ~ absence_b
perf_a ~ perf_b
contracts_a ~ contracts_b
solar_a ~ solar_b
"""
# Budget lines or cohorts that several projects claim savings from.
_POOLS = """
asc_third_party_contracts: SC4 SP2 homecare_framework
asc_demand: EIP1 SC3 SC5 reablement discharge_to_assess
childrens_placements: SC6 SC7 SC8 inhouse_homes foster_recruit
ics_ai_automation: ics_ai ai_assistants social_care_automation
tvi_proposals: tvi tvi_blue_badge tvi_fin_assess tvi_defects
customer_contact: EIP2 dce_service_improvement dce_automation
agency_staffing: WF2 cf_agency
office_accommodation: PL2 PL3 westfields_disposal hybrid_offices
waste_collection: PL8 waste_routes garden_waste_subs
fees_and_charges_income: SP1 asc_charging parking_tariffs
print_and_post: SP5 print_room hybrid_mail
home_to_school_transport: hts_fleet hts_dps travel_training
back_office_automation: back_office_automation p2p_automation
"""
CRITICAL_ENABLERS = (
    "iip_network", "iip_devices", "iip_hosting", "iip_cyber", "WF1", "crm_platform",
    "iadm_data_platform",
)  # fmt: skip

# Business-as-usual vocabulary per directorate: services as "label | detail" and templates as
# "name | benefit type" with description variants indented. {S} is the label, {d} the detail
# and {o} one of the directorate's outcomes.
_SERVICES = {
    "AHI": """
telecare | alarms, sensors and assistive technology at home
extra care housing | extra care schemes run with housing providers
direct payments | people who manage their own care budgets
carers' support | carers' breaks and carers' assessments
mental health social work | the approved mental health professional service
occupational therapy | OT assessments and minor adaptations
sensory impairment support | support for people with sight or hearing loss
0-19 public health nursing | health visiting and school nursing
drug and alcohol treatment | community substance misuse treatment
sexual health clinics | integrated sexual health clinics
NHS Health Checks | health checks commissioned from GP practices
community equipment | the integrated community equipment store
learning disability respite | overnight respite for adults with learning disabilities
autism support | the all-age autism pathway
nursing home placements | residential and nursing placements for older people
Better Care Fund schemes | schemes jointly funded with the NHS
stop smoking support | the community stop smoking service
falls prevention | falls prevention for frail older people
dementia support | dementia advisers and memory services
adult social care front door | first contact, advice and signposting for adults
continuing healthcare | NHS continuing healthcare eligibility cases
shared care records | information sharing with GPs and hospitals
self-neglect support | multi-agency support for people who self-neglect
social prescribing | social prescribing link workers in primary care
weight management | adult weight management programmes
Healthwatch | the local Healthwatch contract
community connectors | community connectors in each care community
""",
    "CF": """
adoption support | adoption support through Adoption Counts
family help | early help and family support
family hubs | the family hubs network
school improvement | school improvement and governor support
early years education | early years places and childcare sufficiency
children with disabilities | the children with disabilities social work team
short breaks | short breaks for disabled children
unaccompanied asylum-seeking children | support for unaccompanied asylum-seeking children
emotional wellbeing | emotional wellbeing and mental health support for pupils
youth clubs | youth clubs and detached youth work
school place planning | school admissions and place planning
alternative provision | alternative provision for excluded pupils
virtual school | the virtual school for children in care
special guardianship | special guardianship orders and support
adult community learning | community adult learning courses
domestic abuse support | support for families affected by domestic abuse
post-16 SEND provision | post-16 education for young people with SEND
kinship care | family and friends care
children's centres | children's centre buildings and sessions
educational psychology | the educational psychology service
school attendance | school attendance and children missing education
elective home education | monitoring of elective home education
children's advocacy | independent advocacy for children in care
parenting programmes | evidence-based parenting programmes
speech and language therapy | commissioned speech and language therapy
""",
    "PLC": """
highway maintenance | the resurfacing and pothole repair programme
winter gritting | the winter service on priority routes
street cleansing | town-centre and rural street cleansing
grounds maintenance | grass cutting in parks and verges
local bus services | supported local bus routes
planning compliance | action on breaches of planning control
building control | building regulations inspections
household waste recycling centres | the household waste recycling centres
public rights of way | the footpath and bridleway network
flood risk management | lead local flood authority work
tree management | council-owned trees and woodland
leisure centres | leisure centres run by Everybody Sport and Recreation
countryside sites | country parks and the ranger service
markets | Crewe and Macclesfield markets
visitor economy | tourism promotion and events
town-centre regeneration | Crewe and Macclesfield regeneration schemes
public toilets | public conveniences
pest treatment | the pest control service
cemeteries | cemeteries and Crewe crematorium
private housing standards | inspections of private rented homes
disabled facilities grants | home adaptations funded by disabled facilities grants
trading standards | consumer protection and doorstep crime work
food hygiene | food hygiene inspections
active travel | cycling and walking routes
fly-tipping and litter | action on fly-tipping and littering
county farms | the county farms estate
road safety | road safety schemes and school crossing patrols
housing options | homelessness prevention and temporary accommodation
empty homes | bringing empty homes back into use
employment and skills | employment and skills support for residents
""",
    "CS": """
recruitment and retention | recruitment to hard-to-fill posts
apprenticeships | the apprenticeship programme and levy
learning and development | the corporate learning and development offer
pay and grading | the pay and grading structure
occupational health | occupational health and employee assistance
employee relations | disciplinary and grievance casework
internal communications | staff communications and briefings
resident engagement | consultation and engagement with residents
democratic services | committee administration
member development | councillor training and induction
legal services | in-house legal advice
information governance | data protection and information requests
internal audit | the internal audit plan
corporate performance | the corporate performance framework
risk management | the corporate risk register
facilities management | cleaning, security and reception in council buildings
staff travel | pool cars and business mileage
equality and inclusion | equality impact assessments and the workforce equality plan
health and safety | corporate health and safety
coroner support | support to the coroner's office
policy and research | corporate policy and research
overview and scrutiny | scrutiny committees and reviews
""",
    "FCS": """
council tax collection | council tax billing and collection
business rates | business rates billing and reliefs
housing benefit | housing benefit administration
council tax support | the local council tax support scheme
accounts payable | supplier payments
treasury management | cash flow and borrowing
budget monitoring | monthly budget monitoring
capital programme | capital programme governance
corporate procurement | corporate procurement and purchase cards
contact centre | the customer contact centre
local welfare assistance | emergency support for residents in crisis
Household Support Fund | Household Support Fund awards
payroll | payroll processing
schools finance | budget support for maintained schools
VAT and tax | VAT and tax compliance
banking and merchant services | banking and card merchant services
internal recharges | recharges between services
insurance | the insurance programme and claims handling
pension contributions | employer pension contributions
financial planning | medium-term financial planning
energy procurement | gas and electricity contracts for council buildings
subscriptions and memberships | professional subscriptions and memberships
cash offices | cash handling and the cash offices
""",
}
_TEMPLATES = {
    "AHI": """
{S} recommissioning | cashable
    Recommission {d} on an outcomes-based contract to {o}.
    Let a new outcomes-based contract for {d} when the current one ends, aiming to {o}.
{S} pathway redesign | combination
    Redesign the pathway for {d}, from first contact to review, to {o}.
    Simplify how people move through {d}, cutting hand-offs and repeat assessments to {o}.
{S} demand review | cost_avoidance
    Analyse demand and unit costs for {d} and act on the findings to {o}.
    Use three years of activity data on {d} to forecast need and {o}.
{S}: strengths-based practice | cost_avoidance
    Embed strengths-based conversations in {d} to {o}.
    Train practitioners in {d} to start from what people can do, in order to {o}.
{S} market sustainability plan | cost_avoidance
    Agree fair cost of care and capacity with providers of {d} to {o}.
    Publish a market position statement for {d} and agree rates that {o}.
{S} joint commissioning with the ICB | combination
    Pool budgets with the Integrated Care Board for {d} to {o}.
    Jointly commission {d} with NHS partners under a section 75 agreement to {o}.
{S} waiting list clearance | cost_avoidance
    Clear the queue of people waiting for {d} with a time-limited team, to {o}.
    Bring in temporary staff to work through the backlog in {d} and {o}.
{S} high-cost package review | cashable
    Review the most expensive packages within {d} to {o}.
    Revisit the highest weekly costs in {d} case by case to {o}.
{S} quality monitoring | enabler
    Improve quality monitoring and provider support in {d} to {o}.
    Introduce provider visits and a quality dashboard for {d} to {o}.
{S} staffing model | cashable
    Rework rotas and skill mix in {d} to {o}.
    Move {d} to a new rota and skill mix that can {o}.
{S} prevention offer | cost_avoidance
    Develop a preventive offer linked to {d} to {o}.
    Target early support at people at risk of needing {d} to {o}.
{S} grant-funded pilot | tbc
    Pilot a new approach to {d} with one-off grant funding, to {o}.
    Test a different model for {d} with time-limited grant money to {o}.
""",
    "CF": """
{S} service redesign | cost_avoidance
    Redesign {d} around the family help model to {o}.
    Reshape {d} so families get one worker and one plan, to {o}.
{S} commissioning review | cashable
    Review commissioned spend on {d} and retender where value is poor, to {o}.
    Retender or decommission contracts for {d} that give poor value, to {o}.
{S} practice improvement | enabler
    Raise practice standards in {d} in line with the Ofsted improvement plan, to {o}.
    Audit casework in {d} against the Ofsted findings and coach staff to {o}.
{S} partnership with schools | cost_avoidance
    Work with schools and health partners on {d} to {o}.
    Agree a shared protocol with headteachers on {d} to {o}.
{S} sufficiency review | cost_avoidance
    Check supply against forecast need for {d} and fill gaps locally, to {o}.
    Forecast demand for {d} five years ahead and commission local capacity to {o}.
{S} early offer | cost_avoidance
    Offer earlier help through {d} to {o}.
    Reach families sooner through {d}, before problems escalate, to {o}.
{S} caseload rebalancing | enabler
    Rebalance caseloads and management oversight in {d} to {o}.
    Set caseload limits and supervision standards in {d} to {o}.
{S} local offer refresh | enabler
    Refresh the published local offer for {d} and how families reach it, to {o}.
    Rewrite the online information about {d} with parents so they can {o}.
{S} benchmarking | cashable
    Benchmark cost and performance of {d} against statistical neighbours to {o}.
    Compare unit costs of {d} with similar councils and close the gaps to {o}.
{S} co-production with families | combination
    Co-produce changes to {d} with parents, carers and young people to {o}.
    Set up a parent and young people panel to redesign {d} and {o}.
{S} DfE funding bid | tbc
    Bid for Department for Education funding to extend {d}, to {o}.
    Prepare a funding application to the Department for Education for {d} to {o}.
""",
    "PLC": """
{S} service review | cashable
    Review how {d} is organised and resourced to {o}.
    Look again at hours, staffing and standards for {d} to {o}.
{S} contract re-procurement | cashable
    Re-procure the contract for {d} with a tighter specification to {o}.
    Retender the external contract for {d}, bundling lots where possible to {o}.
{S} fees review | income
    Benchmark charges for {d} against neighbouring councils to {o}.
    Raise and simplify charges for {d}, with concessions kept, to {o}.
{S} capital investment plan | cost_avoidance
    Prioritise capital investment in {d} to {o}.
    Set a five-year capital plan for {d} based on condition data to {o}.
{S} devolution to town councils | cashable
    Hand more of {d} to town and parish councils and community groups to {o}.
    Offer town councils the chance to run {d} locally to {o}.
{S} decarbonisation | cost_avoidance
    Cut energy use and fleet emissions in {d} to {o}.
    Switch {d} to electric vehicles and low-energy equipment to {o}.
{S} land and buildings review | combination
    Review the land and buildings used for {d} to {o}.
    Find surplus sites and buildings linked to {d} to {o}.
{S} strategy refresh | enabler
    Refresh the council strategy for {d} to {o}.
    Write a new strategy and action plan for {d} to {o}.
{S} performance recovery | enabler
    Tackle performance problems in {d} to {o}.
    Set a recovery plan with monthly targets for {d} to {o}.
{S} sponsorship income | income
    Look for sponsorship and commercial income from {d} to {o}.
    Sell naming rights and sponsorship linked to {d} to {o}.
{S} risk-based enforcement | income
    Set a consistent, risk-based enforcement approach for {d} to {o}.
    Target inspections and penalties in {d} at the highest risks to {o}.
{S} regeneration funding bid | tbc
    Bid for government funding for {d}, to {o}.
    Prepare a bid to government and partners for {d} to {o}.
""",
    "CS": """
{S} improvement plan | enabler
    Agree and deliver an improvement plan for {d} to {o}.
    Act on audit and staff feedback about {d} with a time-bound plan to {o}.
{S} process redesign | cashable
    Map and simplify the end-to-end process for {d} to {o}.
    Strip waste and duplicate approvals out of {d} to {o}.
{S} team restructure | cashable
    Restructure the team responsible for {d} to {o}.
    Consult on a leaner structure for {d} to {o}.
{S} framework | enabler
    Introduce a corporate framework for {d} to {o}.
    Set out corporate standards, roles and checks for {d} to {o}.
{S} shared service options | tbc
    Assess sharing {d} with neighbouring councils to {o}.
    Test a joint arrangement for {d} with Cheshire West and Chester to {o}.
{S} training for managers | enabler
    Train managers and staff in {d} to {o}.
    Run a mandatory managers' module on {d} to {o}.
{S} supplier consolidation | cashable
    Consolidate contracts and suppliers for {d} to {o}.
    Cut the number of suppliers used for {d} and buy through one framework to {o}.
{S} service standards | combination
    Review standards and service levels for {d} to {o}.
    Publish clear service levels for {d} and report against them to {o}.
{S} member engagement | enabler
    Involve councillors in shaping {d} to {o}.
    Hold member workshops on {d} to {o}.
""",
    "FCS": """
{S} efficiency review | cashable
    Review staffing and processes in {d} to {o}.
    Benchmark the cost per transaction of {d} and remove manual steps to {o}.
{S} scheme review | cashable
    Review the local rules and discretions in {d} to {o}.
    Consult on changes to the local scheme for {d} to {o}.
{S} reconciliation controls | enabler
    Tighten controls and reconciliations in {d} to {o}.
    Add monthly sign-off and exception reports to {d} to {o}.
{S} channel shift | cashable
    Move transactions for {d} to online and automated channels to {o}.
    Make online the default for {d}, keeping assisted routes for those who need them, to {o}.
{S} supplier review | cashable
    Review suppliers and contract terms behind {d} to {o}.
    Renegotiate the main supplier contracts behind {d} to {o}.
{S} income maximisation | income
    Find extra income and cost recovery in {d} to {o}.
    Chase unclaimed grants, recharges and fees connected to {d} to {o}.
{S} zero-based review | cashable
    Challenge every line of budget for {d} from zero to {o}.
    Rebuild the budget for {d} from nothing, line by line, to {o}.
{S} forecasting | enabler
    Improve forecasting and reporting for {d} to {o}.
    Introduce driver-based forecasts for {d} to {o}.
{S} customer standards | combination
    Set and publish customer standards for {d} to {o}.
    Agree response times and quality checks for {d} to {o}.
""",
}
# Outcomes each directorate's templates aim at, ";"-separated.
_OUTCOMES = """
AHI: reduce reliance on long-term care; help people stay independent at home
AHI: lower average package costs; cut waiting times for assessment
AHI: reduce avoidable hospital admissions; contain demand growth
AHI: delay the need for residential care; make better use of the Better Care Fund
AHI: support carers to keep caring
CF: reduce the number of children entering care; keep children safely at home
CF: reduce reliance on independent placements; improve outcomes for children with SEND
CF: cut spend on external provision; give every child the best start in life
CF: respond to the Ofsted findings; help young people into education and work
CF: keep children in local schools
PLC: reduce net cost to the council; cut carbon emissions; raise income
PLC: improve resident satisfaction; keep neighbourhoods safe and clean
PLC: support town-centre economies
PLC: make better use of council assets; protect the rural economy
PLC: meet the 2027 carbon neutral target
CS: support a confident and motivated workforce; improve transparency in decisions
CS: reduce corporate overheads; strengthen governance and assurance
CS: make the council an employer of choice; reduce reliance on external advice
CS: cut agency and overtime spend; speed up decision-making
CS: improve two-way communication with residents
FCS: support a sustainable financial future; cut processing costs; improve cash collection
FCS: reduce avoidable contact; strengthen financial control; release budget to close the gap
FCS: protect vulnerable residents; reduce write-offs
FCS: speed up payment to local suppliers
"""

# Line-of-business systems for digital business as usual: "label | owner | what it supports |
# flags" (r resident-facing, f field work, c already vendor-hosted, x upgrades already in the
# ACPH programme). A label reads as written mid-sentence; names capitalise it and drop "the".
_SYSTEMS = """
Liquidlogic Children's System | CF | children's social care case recording | fx
ContrOCC | AHI | care provider payments and client finances | x
the revenues and benefits platform | FCS | council tax, business rates and benefit claims | r
Idox Uniform | PLC | planning applications and building control | rf
Confirm | PLC | highway inspections and defect repairs | rf
Civica Pay | FCS | card payments and income reconciliation | rc
Capita One | CF | pupil records and admissions | r
EHCP Hub | CF | education, health and care plan requests | rc
the electoral register software | CS | electoral registration and polling | r
Iken | CS | legal case management and time recording
Spydus | PLC | library loans and the catalogue | r
the parking enforcement back office | PLC | penalty charge notices and permits | rf
the licensing database | PLC | taxi, alcohol and premises licences | rf
Civica APP | PLC | environmental health and trading standards inspections | rf
Cheshire Homechoice | PLC | the housing register and allocations | r
Jigsaw | PLC | homelessness casework | r
the early years funding portal | CF | childcare funding claims from providers | rc
ChildView | CF | youth justice casework | f
the fostering and adoption casebook | CF | carer assessments and matching | f
the cash receipting software | FCS | receipting and bank reconciliation
My Cheshire East | FCS | resident accounts and online requests | rc
TOPdesk | CS | the ICT service desk | c
the corporate website | CS | public information and online forms | rc
the complaints and FOI tracker | CS | complaints and information requests | r
the urban traffic control software | PLC | urban traffic control
the public health activity database | AHI | public health contracts and activity
the bus pass issuing software | PLC | older and disabled persons' bus passes | r
the crematorium bookings software | PLC | burial and cremation bookings | r
the register office booking app | CS | birth, death and ceremony appointments | rc
the trade waste billing software | PLC | commercial waste contracts and billing | r
the adult learning enrolments portal | CF | course bookings and fees | rc
the court bundle builder | CS | preparing court bundles | c
the telecare monitoring platform | AHI | alarm monitoring and response | f
EDRMS | CS | scanned files and records
the purchase card platform | FCS | purchase card transactions | c
the street works permit portal | PLC | street works permits | rc
the school meals ordering app | CF | school meal orders and payments | rc
the community grants portal | FCS | grants paid to community groups | r
the building control inspection app | PLC | site inspection records for building control | f
the pest control scheduler | PLC | pest treatment bookings and charges | r
the market lettings database | PLC | market stall lettings and rents | r
the street naming and numbering gazetteer | PLC | new addresses and the local gazetteer
the home adaptations casebook | PLC | disabled facilities grant casework | f
the private sector housing database | PLC | HMO licensing and housing inspections | rf
the care home market portal | AHI | care home vacancies and fee uplifts | c
the direct payments prepaid card platform | AHI | direct payment accounts and audits | c
the carers' assessment portal | AHI | online carers' assessments | rc
Public health data warehouse | AHI | health intelligence and JSNA data
the SEND travel assistance portal | CF | travel assistance applications | r
the education welfare casebook | CF | attendance casework and penalty notices | f
the family hub booking app | CF | family hub sessions and bookings | rc
the procurement e-tendering portal | FCS | tenders and supplier bids | c
the benefits document upload portal | FCS | evidence uploads for benefit claims | rc
Council tax e-billing service | FCS | paperless council tax bills | rc
the committee papers software | CS | agendas, minutes and decisions | c
the councillor enquiries tracker | CS | councillor enquiries and casework
the employee relations case tracker | CS | employee relations casework
"""
# "name | benefit type | size | Digital programme (y/n) | needs", description variants indented.
# Needs: r resident-facing system, f field work, o not vendor-hosted. {X}/{x} is the system, {p}
# what it supports.
_ACTIONS = """
{X} version upgrade | enabler | S | n | o
    Upgrade {x} to the vendor's current release before extended support for {p} runs out.
    Apply the latest major release to {x} so {p} stays on a patched, supported version.
{X} move to cloud hosting | cost_avoidance | S | n | o
    Move {x}, used for {p}, from on-premise servers to the supplier's hosted service.
    Rehost {x} in the cloud so {p} no longer relies on the ageing data centre.
{X} replacement procurement | cost_avoidance | M | n
    Market test and procure a successor to {x} for {p} before the current contract expires.
    Competitive procurement to replace {x}, which handles {p}, ahead of contract expiry.
{X} online self-service | cashable | M | y | r
    Let residents handle {p} online in {x} instead of phoning or writing in.
    Open {x} to residents online so {p} can be handled without staff keying forms.
{X} workflow automation | cashable | M | y
    Automate repetitive steps in {x}, which handles {p}, with workflow rules and scheduled bots.
    Build workflow rules in {x} so routine work on {p} no longer needs manual handling.
{X} mobile access | combination | S | y | f
    Give officers in the field tablet access to {x} so work on {p} is recorded on site.
    Mobile forms for {x} let field staff record visits about {p} without re-typing notes.
{X} Power BI reporting | enabler | S | y
    Replace monthly spreadsheets for {p} with Power BI reports fed directly from {x}.
    Publish live Power BI dashboards on {p} using data extracted nightly from {x}.
{X} link to Netcall CRM | cashable | S | y | r
    Integrate {x} with the Netcall CRM so resident requests about {p} arrive without rekeying.
    Pass requests logged in Netcall straight into {x}, ending double entry for {p}.
{X} licence rationalisation | cashable | S | n
    Audit user licences for {x} ({p}), drop unused seats and renegotiate the support charge.
    Cut licences for {x} to the staff who still work on {p} and move to a cheaper tier.
{X} data cleanse | enabler | S | n
    Cleanse duplicate and out-of-date records in {x} ({p}) before reporting relies on them.
    De-duplicate and correct data on {p} in {x}, fixing addresses against the local gazetteer.
{X} archiving | cost_avoidance | S | n
    Apply the retention schedule to {x}, archiving or deleting records on {p} past their date.
    Archive closed records on {p} from {x} to cheaper storage under the retention schedule.
{X} single sign-on | enabler | S | n | o
    Connect {x}, used for {p}, to corporate single sign-on with multi-factor authentication.
    Replace separate passwords for {x} with single sign-on so staff handling {p} log in once.
{X} AI triage pilot | cashable | M | y
    Pilot AI triage in {x}: rank incoming work on {p} by urgency and suggest next steps.
    Trial an AI model in {x} that reads incoming work on {p} and routes it to the right team.
{X} support contract renewal | enabler | S | n
    Renew the support agreement for {x} ({p}), testing the market on price first.
    Extend third-line support for {x} for three years while a longer-term option for {p} is found.
"""

# Generation parameters: £k and FTE ranges by project size, how far below the high estimate a
# low estimate sits at each evidence stage, how likely each role (cat.ROLES order) is needed by
# owner, and the open/fair/green alignment each owner starts from.
SIZE_BENEFIT = {"S": (10, 70), "M": (70, 320), "L": (320, 1200), "XL": (1200, 4000)}
SIZE_COST = {"S": (10, 60), "M": (40, 220), "L": (200, 800), "XL": (800, 3000)}
SIZE_FTE = {
    "S": (0.1, 0.2, 0.3, 0.5), "M": (0.2, 0.5, 0.5, 1.0),
    "L": (0.5, 1.0, 1.5, 2.0), "XL": (1.0, 1.5, 2.0, 3.0),
}  # fmt: skip
LOW_SHARE = {
    "delivery": (0.7, 1.0), "business_case": (0.5, 0.85), "deep_dive": (0.35, 0.7),
    "idea": (0.2, 0.55), "": (0.3, 0.8),
}  # fmt: skip
ROLE_WEIGHTS = {
    "DIG": (6, 6, 3, 1, 1, 1, 2, 1, 0, 3), "AHI": (7, 6, 8, 4, 2, 1, 2, 1, 1, 5),
    "CF": (7, 6, 8, 3, 2, 2, 2, 1, 1, 5), "PLC": (7, 3, 7, 3, 1, 4, 4, 3, 1, 2),
    "CS": (6, 5, 4, 2, 7, 4, 1, 5, 2, 2), "FCS": (6, 6, 4, 8, 1, 2, 4, 1, 2, 4),
}  # fmt: skip
ALIGN_BASE = {
    "AHI": (1, 3, 0), "CF": (1, 3, 0), "PLC": (1, 1, 3), "CS": (3, 1, 0), "FCS": (3, 1, 0),
}  # fmt: skip


class Spec(NamedTuple):
    """A hand-written project (see _SPECIALS for the flags)."""

    directorate: str
    flags: str
    benefit_type: str
    size: str
    name: str
    description: str


class SeedMeta(NamedTuple):
    """What the seed file does not say about a named initiative."""

    directorate: str
    status: str
    stage: str
    size: str
    sponsor: str
    project_manager: str
    description: str


def _records(text: str) -> list[tuple[list[str], list[str]]]:
    """Split a block into (head fields, indented lines) records."""
    records: list[tuple[list[str], list[str]]] = []
    for line in text.strip("\n").splitlines():
        if line.startswith(" "):
            records[-1][1].append(line.strip())
        elif line.strip():
            records.append(([field.strip() for field in line.split("|")], []))
    return records


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.strip().splitlines() if line.strip()]


def _specials() -> dict[str, Spec]:
    return {head[0]: Spec(*head[1:], " ".join(body)) for head, body in _records(_SPECIALS)}


def _seed_meta() -> dict[str, SeedMeta]:
    meta = {}
    for head, body in _records(_SEED_META):
        sponsor, manager = (part.strip() for part in body[0].lstrip("> ").split("|"))
        meta[head[0]] = SeedMeta(*head[1:], sponsor, manager, " ".join(body[1:]))
    return meta


def _directorates() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    records = _records(_DIRECTORATES)
    return {h[0]: h[1] for h, _ in records}, {h[0]: tuple(body) for h, body in records}


def _fixed() -> dict[str, tuple[tuple[float, float], ...]]:
    fixed = {}
    for line in _lines(_FIXED_BENEFITS):
        key, values = line.split(":")
        pairs = (pair.split("/") for pair in values.split())
        fixed[key] = tuple((float(low), float(high)) for low, high in pairs)
    return fixed


def _pairs(text: str, mark: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(part.strip() for part in line.split(mark)) for line in _lines(text))


def _pools() -> dict[str, tuple[str, ...]]:
    return {name: tuple(keys.split()) for name, keys in (ln.split(":") for ln in _lines(_POOLS))}


def _outcomes() -> dict[str, tuple[str, ...]]:
    outcomes: dict[str, tuple[str, ...]] = {}
    for code, items in (line.split(":") for line in _lines(_OUTCOMES)):
        outcomes[code] = outcomes.get(code, ()) + tuple(i.strip() for i in items.split(";"))
    return outcomes


def _templates(text: str) -> list[tuple[list[str], list[str]]]:
    """Templates with one description variant per indented line."""
    return _records(text)


DIRECTORATE_NAMES, SPONSORS = _directorates()
SEED_META = _seed_meta()
SPECIALS = _specials()
GEMINI = tuple(
    (head[0], body[0], head[1] if len(head) > 1 else "") for head, body in _records(_GEMINI)
)
FIXED_BENEFITS = _fixed()
CHAINS = _pairs(_CHAINS, ">")
EXTRA_DEPENDS = _pairs(_EXTRA_DEPENDS, ">")
CLASHES = _pairs(_CLASHES, " x ")
NEAR_DUPLICATES = _pairs(_NEAR_DUPLICATES, "~")
POOLS = _pools()
OUTCOMES = _outcomes()
SERVICES = {code: _records(text) for code, text in _SERVICES.items()}
TEMPLATES = {code: _templates(text) for code, text in _TEMPLATES.items()}
SYSTEMS = [head for head, _ in _records(_SYSTEMS)]
ACTIONS = _templates(_ACTIONS)
