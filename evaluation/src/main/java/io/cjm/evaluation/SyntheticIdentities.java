package io.cjm.evaluation;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.commons.validator.routines.EmailValidator;

/**
 * Generates multi-channel customers of one US tenant whose identity is known. Each person
 * has a ground-truth id and real-world identifiers. 70% hold a customer account; 15% are
 * anonymous web visitors only (devices, no contact data); 15% are known only by contact data
 * (newsletter subscribers, callers). Everyone but the anonymous visitors has 1 to 3
 * mailboxes and usually a mobile (8% of persons live abroad), sometimes a second line, and
 * often WhatsApp on that mobile; everyone has 1 to 4 web devices. Their touchpoints on web,
 * email, phone, WhatsApp, store and chat carry the identifiers that channel really sees,
 * written the way it writes them: case and whitespace variants of addresses, Gmail dot and
 * +tag variants when typed, a dozen ways of writing a US number, foreign numbers with their
 * country code, WhatsApp senders as the bare digits the WhatsApp Business API delivers or in
 * E.164. Six weeks, random times.
 *
 * <p>Noise: junk values ("null", "undefined", "unknown", "0", "", "N/A", "anonymous",
 * all-zero ids and numbers) from SDKs, withheld caller ids and clerks; typed emails and
 * numbers that the typo made invalid; family tablets (households with two or more account
 * holders) and store kiosks whose anonymousId 2 to 4 persons share, each logging in there
 * with their own customerId (on the tablet not always: some only browse, some leave an
 * address in a form); and household landlines that every member calls from.
 *
 * <p>Every raw identifier carries its ground truth: the key of the real-world thing it
 * names ({@code account:}, {@code mailbox:}, {@code line:}, {@code device:}), or null
 * when the value names nothing (junk, or invalid as written). A phone and a WhatsApp
 * identifier of one number name the same line; every spelling of one mailbox, Gmail dot and
 * +tag variants included, names that mailbox. Seeded, so a run is repeatable.
 */
public final class SyntheticIdentities {

    /** The tenant's default phone region. */
    public static final String REGION = "US";

    /** One person as the generator knows them. */
    public record Person(String id, String region, String customerId, List<String> mailboxes, List<String> phones,
            String whatsapp, List<String> devices, List<String> familyTablets, List<String> kiosks,
            List<String> landlines) {
    }

    /**
     * One identifier as a touchpoint carried it.
     *
     * @param type the identifier type as sent
     * @param value the value as sent (not normalized)
     * @param evidence the real-world thing the value names, or null when it names nothing
     */
    public record RawIdentifier(String type, String value, String evidence) {
    }

    /** One touchpoint with the person who really made it. */
    public record Touchpoint(String id, String personId, String channel, String type, Instant occurredAt,
            List<RawIdentifier> identifiers) {

        /** The identifiers as a client sends them: type to raw value. */
        public Map<String, String> raw() {
            Map<String, String> raw = new LinkedHashMap<>();
            identifiers.forEach(i -> raw.put(i.type(), i.value()));
            return raw;
        }
    }

    /** A generated population. */
    public record Population(List<Person> persons, List<Touchpoint> touchpoints) {
    }

    static final Instant EPOCH = Instant.parse("2026-02-02T00:00:00Z");
    static final Duration SPAN = Duration.ofDays(42);

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final EmailValidator EMAILS = EmailValidator.getInstance(false, false);
    private static final List<String> FIRST = List.of("ana", "ben", "carla", "david", "elena", "farid", "grace",
            "hugo", "irene", "jamal", "kate", "liam", "maria", "noah", "olga", "pedro", "quinn", "rosa", "sam", "tara",
            "umar", "vera", "will", "xenia", "yusuf", "zoe", "james", "linda", "mei", "omar");
    private static final List<String> LAST = List.of("smith", "johnson", "garcia", "miller", "davis", "lopez",
            "wilson", "anderson", "thomas", "moore", "martin", "lee", "perez", "white", "harris", "clark", "lewis",
            "young", "walker", "hall", "allen", "king", "wright", "scott", "nguyen", "hill", "green", "adams", "baker",
            "nelson");
    private static final List<String> DOMAINS = List.of("gmail.com", "gmail.com", "gmail.com", "gmail.com", "yahoo.com",
            "outlook.com", "hotmail.com", "icloud.com", "aol.com", "comcast.net", "proton.me", "acme-corp.com",
            "globex.io", "initech.co.uk");
    private static final List<String> AREA_CODES = List.of("212", "213", "214", "206", "303", "305", "310", "312",
            "404", "415", "503", "512", "602", "617", "646", "702", "713", "718", "773", "808", "917", "919");
    private static final List<String> ABROAD = List.of("GB", "DE", "MX", "ES", "FR", "CA");
    private static final List<String> JUNK = List.of("null", "undefined", "unknown", "0", "", "N/A", "anonymous");

    private final Random random;
    private final Set<String> taken = new HashSet<>();

    public SyntheticIdentities(long seed) {
        this.random = new Random(seed);
    }

    /** A population of {@code count} persons and their touchpoints. */
    public Population generate(int count) {
        List<Person> persons = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            persons.add(person("p" + i, random.nextDouble() < 0.08 ? pick(ABROAD) : "US"));
        }
        households(persons);
        kiosks(persons);
        List<Touchpoint> touchpoints = new ArrayList<>();
        for (Person p : persons) {
            new Life(p, touchpoints).live();
        }
        return new Population(List.copyOf(persons), List.copyOf(touchpoints));
    }

    private Person person(String id, String region) {
        double kind = random.nextDouble();
        boolean registered = kind < 0.70;
        boolean anonymousOnly = !registered && kind < 0.85;
        String customerId = registered ? unique(() -> "C" + (1_000_000 + random.nextInt(9_000_000))) : null;
        List<String> mailboxes = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        String whatsapp = null;
        if (!anonymousOnly) {
            int emails = 1 + (random.nextDouble() < 0.35 ? 1 : 0) + (random.nextDouble() < 0.12 ? 1 : 0);
            for (int e = 0; e < emails; e++) {
                mailboxes.add(mailbox());
            }
            if (random.nextDouble() < 0.85) {
                phones.add(mobile(region));
                if (random.nextDouble() < 0.15) {
                    phones.add(mobile(region));
                }
                if (random.nextDouble() < 0.45) {
                    whatsapp = phones.getFirst();
                }
            }
        }
        int deviceCount = anonymousOnly ? 1 + random.nextInt(2) : 1 + random.nextInt(4);
        List<String> devices = new ArrayList<>();
        for (int d = 0; d < deviceCount; d++) {
            devices.add(unique(this::uuid));
        }
        return new Person(id, region, customerId, mailboxes, phones, whatsapp, devices, new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>());
    }

    /**
     * Puts about 8% of the persons into households of 2 to 4. A household with two or more
     * account holders gets a family tablet (60%); a household of US residents a landline
     * (40%).
     */
    private void households(List<Person> persons) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < persons.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        int members = (int) (persons.size() * 0.08);
        int at = 0;
        while (at + 2 <= members) {
            int size = Math.min(2 + random.nextInt(3), members - at);
            List<Person> house = new ArrayList<>();
            for (int k = 0; k < size; k++) {
                house.add(persons.get(order.get(at + k)));
            }
            at += size;
            List<Person> holders = house.stream().filter(p -> p.customerId() != null).toList();
            if (holders.size() >= 2 && random.nextDouble() < 0.6) {
                String tablet = unique(this::uuid);
                holders.forEach(p -> p.familyTablets().add(tablet));
            }
            if (house.stream().allMatch(p -> p.region().equals("US")) && random.nextDouble() < 0.4) {
                String landline = landline();
                house.forEach(p -> p.landlines().add(landline));
            }
        }
    }

    /** One store kiosk per 250 persons, each used by 2 to 4 account holders. */
    private void kiosks(List<Person> persons) {
        List<Person> holders = persons.stream().filter(p -> p.customerId() != null).toList();
        for (int k = 0; k < Math.max(1, persons.size() / 250); k++) {
            String kiosk = unique(this::uuid);
            int users = 2 + random.nextInt(3);
            Set<Person> chosen = new HashSet<>();
            while (chosen.size() < users) {
                chosen.add(holders.get(random.nextInt(holders.size())));
            }
            chosen.forEach(p -> p.kiosks().add(kiosk));
        }
    }

    /** One person's six weeks of touchpoints. */
    private final class Life {
        private final Person p;
        private final List<String> landlines;
        private final List<Touchpoint> out;
        private int n;

        Life(Person p, List<Touchpoint> out) {
            this.p = p;
            this.landlines = p.landlines();
            this.out = out;
        }

        void live() {
            int sessions = 2 + poisson(p.customerId() == null && p.mailboxes().isEmpty() ? 2.5 : 6);
            for (int s = 0; s < sessions; s++) {
                Instant t = EPOCH.plusSeconds((long) (random.nextDouble() * SPAN.toSeconds()));
                session(t);
            }
        }

        private void session(Instant t) {
            boolean contact = !p.mailboxes().isEmpty() || !p.phones().isEmpty() || !landlines.isEmpty();
            if (!contact) {
                if (random.nextDouble() < 0.9) {
                    web(t, pick(p.devices()));
                } else {
                    emit("chat", "Chat Started", t, anon(pick(p.devices())));
                }
                return;
            }
            double roll = random.nextDouble();
            if (roll < 0.38 || (roll < 0.58 && p.mailboxes().isEmpty())) {
                boolean tablet = !p.familyTablets().isEmpty() && random.nextDouble() < 0.35;
                web(t, tablet ? pick(p.familyTablets()) : pick(p.devices()));
            } else if (roll < 0.58) {
                email(t);
            } else if (roll < 0.70) {
                call(t);
            } else if (roll < 0.78 && p.whatsapp() != null) {
                whatsapp(t);
            } else if (roll < 0.89) {
                store(t);
            } else {
                chat(t);
            }
        }

        /**
         * A web session: an anonymous page view, then for account holders often a login (on
         * the family tablet, where the browser is shared, usually). Without a login, some
         * visitors leave an address in a form.
         */
        private void web(Instant t, String device) {
            boolean shared = p.familyTablets().contains(device);
            if (!shared || random.nextDouble() < 0.5) {
                List<RawIdentifier> ids = new ArrayList<>(List.of(anon(device)));
                if (random.nextDouble() < 0.04) {
                    ids.add(junk("customerId"));
                }
                emit("web", "Page Viewed", t, ids);
            }
            t = t.plus(Duration.ofMinutes(1 + random.nextInt(10)));
            if (p.customerId() != null && random.nextDouble() < (shared ? 0.75 : 0.55)) {
                RawIdentifier device2 = random.nextDouble() < 0.01 ? junk("anonymousId") : anon(device);
                emit("web", "Signed In", t, List.of(device2, account()));
                if (random.nextDouble() < 0.6) {
                    emit("web", "Order Completed", t.plus(Duration.ofMinutes(3 + random.nextInt(20))),
                            List.of(anon(device), account()));
                }
            } else if (!p.mailboxes().isEmpty() && random.nextDouble() < 0.25) {
                emit("web", "Form Submitted", t, List.of(anon(device), typedEmail()));
            }
        }

        /** Email service provider events: the registered address, often with the CRM id. */
        private void email(Instant t) {
            List<RawIdentifier> ids = new ArrayList<>();
            String box = p.mailboxes().getFirst();
            if (p.mailboxes().size() > 1 && random.nextDouble() < 0.3) {
                box = pick(p.mailboxes());
            }
            ids.add(new RawIdentifier("email", spelling(box, false), mailboxKey(box)));
            if (p.customerId() != null && random.nextDouble() < 0.5) {
                ids.add(account());
            }
            String type = pick(List.of("Email Delivered", "Email Opened", "Email Link Clicked", "Email Received"));
            emit("email", type, t, ids);
        }

        /** A call: the caller id as the telephony system writes it; agents often look the account up. */
        private void call(Instant t) {
            List<RawIdentifier> ids = new ArrayList<>();
            double callerId = random.nextDouble();
            String line = lineOfCall();
            if (callerId < 0.05 || line == null) {
                ids.add(junk("phone"));
            } else {
                ids.add(new RawIdentifier("phone", callerId < 0.8 ? line : written(line), lineKey(line)));
            }
            if (p.customerId() != null && random.nextDouble() < 0.4) {
                ids.add(account());
            } else if (!p.mailboxes().isEmpty() && random.nextDouble() < 0.15) {
                ids.add(typedEmail());
            }
            emit("phone", "Call Started", t, ids);
        }

        private String lineOfCall() {
            List<String> lines = new ArrayList<>(p.phones());
            if (!landlines.isEmpty() && (lines.isEmpty() || random.nextDouble() < 0.4)) {
                return landlines.getFirst();
            }
            return lines.isEmpty() ? null : pick(lines);
        }

        /** WhatsApp Business: the sender's number, often as the bare digits the API delivers. */
        private void whatsapp(Instant t) {
            String number = p.whatsapp();
            String value = random.nextDouble() < 0.6 ? number.substring(1) : number;
            List<RawIdentifier> ids = new ArrayList<>(List.of(new RawIdentifier("whatsapp", value, lineKey(number))));
            if (p.customerId() != null && random.nextDouble() < 0.3) {
                ids.add(account());
            }
            emit("whatsapp", "WhatsApp Message Received", t, ids);
        }

        /** A store purchase: a loyalty card, or whatever the clerk typed; at a self-service kiosk, a login. */
        private void store(Instant t) {
            List<RawIdentifier> ids = new ArrayList<>();
            if (p.customerId() != null && random.nextDouble() < 0.5) {
                ids.add(account());
            }
            double what = random.nextDouble();
            if (what < 0.35 && !p.mailboxes().isEmpty()) {
                ids.add(typedEmail());
            } else if (what < 0.7 && (!p.phones().isEmpty() || !landlines.isEmpty())) {
                ids.add(typedPhone());
            } else if (what < 0.85) {
                ids.add(junk(random.nextBoolean() ? "email" : "phone"));
            }
            if (!p.kiosks().isEmpty() && random.nextDouble() < 0.3) {
                ids.add(anon(pick(p.kiosks())));
                if (ids.stream().noneMatch(i -> i.type().equals("customerId"))) {
                    ids.add(account());
                }
            }
            emit("store", "In-Store Purchase", t, ids);
        }

        /** The chat widget: the web device, plus the pre-chat form or the logged-in account. */
        private void chat(Instant t) {
            List<RawIdentifier> ids = new ArrayList<>(List.of(anon(pick(p.devices()))));
            if (p.customerId() != null && random.nextDouble() < 0.5) {
                ids.add(account());
            } else if (!p.mailboxes().isEmpty() && random.nextDouble() < 0.8) {
                ids.add(typedEmail());
            }
            emit("chat", "Chat Started", t, ids);
        }

        private RawIdentifier account() {
            String v = p.customerId();
            return new RawIdentifier("customerId", random.nextDouble() < 0.03 ? v + " " : v, "account:" + v);
        }

        private RawIdentifier anon(String device) {
            return new RawIdentifier("anonymousId", device, "device:" + device);
        }

        /** An email a person or a clerk typed: any of the person's mailboxes, sometimes mistyped. */
        private RawIdentifier typedEmail() {
            String box = pick(p.mailboxes());
            if (random.nextDouble() < 0.04) {
                return new RawIdentifier("email", mistypedEmail(box), null);
            }
            return new RawIdentifier("email", spelling(box, true), mailboxKey(box));
        }

        private RawIdentifier typedPhone() {
            List<String> lines = new ArrayList<>(p.phones());
            lines.addAll(landlines);
            String line = pick(lines);
            if (random.nextDouble() < 0.04) {
                return new RawIdentifier("phone", mistypedPhone(line), null);
            }
            return new RawIdentifier("phone", written(line), lineKey(line));
        }

        private void emit(String channel, String type, Instant t, List<RawIdentifier> ids) {
            out.add(new Touchpoint(p.id() + "-" + n++, p.id(), channel, type, t, List.copyOf(ids)));
        }

        private void emit(String channel, String type, Instant t, RawIdentifier id) {
            emit(channel, type, t, List.of(id));
        }
    }

    // ---- identifiers and how they are written

    private String mailbox() {
        while (true) {
            String first = pick(FIRST);
            String last = pick(LAST);
            String local = switch (random.nextInt(5)) {
                case 0 -> first + "." + last;
                case 1 -> first + last;
                case 2 -> first.charAt(0) + last;
                case 3 -> first + "." + last + random.nextInt(100);
                default -> first + "_" + last + (1950 + random.nextInt(55));
            };
            String mailbox = local + "@" + pick(DOMAINS);
            if (taken.add(mailboxKey(mailbox))) {
                return mailbox;
            }
        }
    }

    /** The ground-truth key of a mailbox: Gmail ignores dots and +tags in the local part. */
    static String mailboxKey(String mailbox) {
        String v = mailbox.strip().toLowerCase(Locale.ROOT);
        int at = v.lastIndexOf('@');
        String local = v.substring(0, at);
        String domain = v.substring(at + 1);
        if (domain.equals("gmail.com") || domain.equals("googlemail.com")) {
            int plus = local.indexOf('+');
            local = (plus >= 0 ? local.substring(0, plus) : local).replace(".", "");
            domain = "gmail.com";
        }
        return "mailbox:" + local + "@" + domain;
    }

    /**
     * How an address is written. Registered addresses (email channel) vary in case only;
     * typed ones also in surrounding whitespace and, for Gmail, dots and +tags.
     */
    private String spelling(String mailbox, boolean typed) {
        String v = mailbox;
        int at = v.indexOf('@');
        String local = v.substring(0, at);
        String domain = v.substring(at + 1);
        if (typed && domain.equals("gmail.com") && random.nextDouble() < 0.05) {
            local = local.contains(".") ? local.replace(".", "") : local.charAt(0) + "." + local.substring(1);
        } else if (typed && domain.equals("gmail.com") && random.nextDouble() < 0.03) {
            local = local + "+" + pick(List.of("shop", "news", "orders"));
        }
        v = local + "@" + domain;
        double r = random.nextDouble();
        if (r < 0.12) {
            v = Character.toUpperCase(v.charAt(0)) + v.substring(1);
        } else if (r < 0.17) {
            v = v.toUpperCase(Locale.ROOT);
        } else if (r < 0.22) {
            v = local + "@" + Character.toUpperCase(domain.charAt(0)) + domain.substring(1);
        }
        if (typed && random.nextDouble() < 0.1) {
            v = pick(List.of(" ", "  ", "\t", "")) + v + pick(List.of(" ", "", "  "));
        }
        return v;
    }

    /** An address mistyped so that it is no longer a valid address. */
    private String mistypedEmail(String mailbox) {
        int at = mailbox.indexOf('@');
        while (true) {
            String v = switch (random.nextInt(4)) {
                case 0 -> mailbox.substring(0, mailbox.lastIndexOf('.')); // "ana@gmail"
                case 1 -> mailbox.replace("@", "@@");
                case 2 -> mailbox.substring(0, at) + " @" + mailbox.substring(at + 1);
                default -> mailbox.replace("@", "");
            };
            if (!EMAILS.isValid(v.toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
    }

    private String mobile(String region) {
        return unique(() -> {
            if (region.equals("US")) {
                return usNumber();
            }
            PhoneNumber example = PHONES.getExampleNumberForType(region, PhoneNumberType.MOBILE);
            String nsn = PHONES.getNationalSignificantNumber(example);
            for (int attempt = 0; attempt < 50; attempt++) {
                StringBuilder b = new StringBuilder(nsn.substring(0, 3));
                while (b.length() < nsn.length()) {
                    b.append(random.nextInt(10));
                }
                String candidate = "+" + example.getCountryCode() + b;
                if (valid(candidate)) {
                    return candidate;
                }
            }
            return "+" + example.getCountryCode() + nsn;
        });
    }

    private String landline() {
        return unique(this::usNumber);
    }

    private String usNumber() {
        while (true) {
            String candidate = "+1" + pick(AREA_CODES) + (200 + random.nextInt(800))
                    + String.format(Locale.ROOT, "%04d", random.nextInt(10_000));
            if (valid(candidate) && !candidate.substring(5, 8).equals("555")) {
                return candidate;
            }
        }
    }

    /** True when the number, as written, is a valid number under the tenant's region. */
    private static boolean valid(String number) {
        try {
            return PHONES.isValidNumber(PHONES.parse(number, REGION));
        } catch (NumberParseException e) {
            return false;
        }
    }

    /** The ground-truth key of a phone line, whichever channel (phone, WhatsApp) carries its number. */
    static String lineKey(String e164) {
        return "line:" + e164;
    }

    /** A number as a person or a clerk writes it: a US one in a dozen ways, one abroad with its country code. */
    private String written(String e164) {
        PhoneNumber number;
        try {
            number = PHONES.parse(e164, REGION);
        } catch (NumberParseException e) {
            throw new IllegalStateException(e);
        }
        String nsn = PHONES.getNationalSignificantNumber(number);
        if (number.getCountryCode() != 1) {
            return switch (random.nextInt(4)) {
                case 0 -> e164;
                case 1 -> PHONES.format(number, PhoneNumberFormat.INTERNATIONAL);
                case 2 -> "011 " + number.getCountryCode() + " " + nsn;
                default -> "+" + number.getCountryCode() + "-" + nsn;
            };
        }
        String a = nsn.substring(0, 3);
        String b = nsn.substring(3, 6);
        String c = nsn.substring(6);
        return switch (random.nextInt(12)) {
            case 0 -> e164;
            case 1 -> "+1 " + a + " " + b + " " + c;
            case 2 -> "+1 (" + a + ") " + b + "-" + c;
            case 3 -> "(" + a + ") " + b + "-" + c;
            case 4 -> a + "-" + b + "-" + c;
            case 5 -> a + "." + b + "." + c;
            case 6 -> a + " " + b + " " + c;
            case 7 -> nsn;
            case 8 -> "1-" + a + "-" + b + "-" + c;
            case 9 -> "1 (" + a + ") " + b + "-" + c;
            case 10 -> "(" + a + ")" + b + c;
            default -> a + "-" + b + "-" + c + " ext. " + (10 + random.nextInt(90));
        };
    }

    /** A number with a digit dropped, so that it is no longer a valid number. */
    private String mistypedPhone(String e164) {
        String nsn = e164.startsWith("+1") ? e164.substring(2) : e164;
        while (true) {
            int drop = 3 + random.nextInt(nsn.length() - 4);
            String v = nsn.substring(0, drop) + nsn.substring(drop + 1);
            v = random.nextBoolean() ? v : v.substring(0, 3) + "-" + v.substring(3);
            if (!valid(v)) {
                return v;
            }
        }
    }

    /** A junk value of a type: what SDKs, forms and clerks send when they have nothing. */
    private RawIdentifier junk(String type) {
        String v = pick(JUNK);
        double r = random.nextDouble();
        if (r < 0.2) {
            v = switch (type) {
                case "phone" -> pick(List.of("000-000-0000", "0000000000", "(000) 000-0000"));
                case "anonymousId" -> "00000000-0000-0000-0000-000000000000";
                case "customerId" -> "00000000";
                default -> v;
            };
        }
        return new RawIdentifier(type, v, null);
    }

    private String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private String unique(Supplier<String> next) {
        while (true) {
            String v = next.get();
            if (taken.add(v)) {
                return v;
            }
        }
    }

    private int poisson(double lambda) {
        double l = Math.exp(-lambda);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l);
        return k - 1;
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
